import { positiveInteger } from '@opnas/errors';
import { TrainError, invalidArgument } from './errors.js';

/** Adam's settings; defaults are the paper's (protocol §4.1: lr 1e-4, β 0.9/0.999, ε 1e-8, no weight decay). */
export interface AdamOptions {
  /** Initial learning rate. Default 1e-4. */
  readonly learningRate?: number;
  /** β₁. Default 0.9. */
  readonly beta1?: number;
  /** β₂. Default 0.999. */
  readonly beta2?: number;
  /** ε, added to √v̂. Default 1e-8. */
  readonly epsilon?: number;
}

/** {@link AdamOptions} with every default filled in. */
export type AdamSettings = Required<AdamOptions>;

/** The paper's Adam settings. */
export const PAPER_ADAM: AdamSettings = { learningRate: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** Fills in defaults and checks ranges. */
export function resolveAdamOptions(options: AdamOptions = {}): AdamSettings {
  const s = { ...PAPER_ADAM, ...stripUndefined(options) };
  if (!(s.learningRate > 0) || !Number.isFinite(s.learningRate)) throw new TrainError(`@opnas/train: learningRate must be a positive number, got ${s.learningRate}`);
  for (const key of ['beta1', 'beta2'] as const) {
    if (!(s[key] >= 0 && s[key] < 1)) throw new TrainError(`@opnas/train: ${key} must be in [0, 1), got ${s[key]}`);
  }
  if (!(s.epsilon >= 0) || !Number.isFinite(s.epsilon)) throw new TrainError(`@opnas/train: epsilon must be a non-negative number, got ${s.epsilon}`);
  return s;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Buffers of one Adam update, all over the same flat parameter vector. */
export interface AdamBuffers {
  /** The parameters, updated in place. */
  readonly params: Float32Array;
  /** First moments, updated in place. */
  readonly m: Float32Array;
  /** Second moments, updated in place. */
  readonly v: Float32Array;
  /**
   * The gradient, as one or more partial gradients that are summed element by element in the
   * order given (data-parallel workers each contribute the gradient of their shard).
   */
  readonly grads: readonly Float32Array[];
}

const f = Math.fround;

/**
 * One Adam step over `[start, end)` of the flat parameters, exactly as PyTorch's `torch.optim.Adam`
 * (the single-tensor CPU path, no weight decay, no amsgrad):
 *
 * ```
 * m ← β₁·m + (1−β₁)·g
 * v ← β₂·v + (1−β₂)·g·g
 * p ← p − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)
 * ```
 *
 * with `t` the step number (1 for the first step). Bias corrections and the step size are Python
 * floats (float64); every tensor operation is rounded to float32 in PyTorch's order, so a
 * float32 implementation of that order gives the same bits. The summed gradient is also float32,
 * as PyTorch accumulates `.grad` in the parameter's dtype.
 *
 * Elementwise, so splitting the range across workers gives the same result as one call.
 */
export function adamUpdate(buffers: AdamBuffers, step: number, learningRate: number, settings: AdamSettings, start = 0, end = buffers.params.length): void {
  positiveInteger(step, 'Adam step', invalidArgument);
  const { params, m, v, grads } = buffers;
  const { beta1, beta2, epsilon } = settings;
  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2 = 1 - beta2 ** step;
  // Python-float scalars, cast to float32 where they meet a float32 tensor.
  const stepSize = f(-(learningRate / biasCorrection1));
  const bc2Sqrt = f(Math.sqrt(biasCorrection2));
  const b1 = f(beta1);
  const oneMinusB1 = f(1 - beta1);
  const b2 = f(beta2);
  const oneMinusB2 = f(1 - beta2);
  const eps = f(epsilon);
  const g0 = grads[0];
  if (g0 === undefined) throw new TrainError('@opnas/train: Adam needs at least one gradient');
  // Two workers' partial gradients are summed inline (the common case); more are summed first,
  // left to right.
  if (grads.length > 2) {
    const sum = new Float32Array(end - start);
    for (let i = start; i < end; i++) {
      let g = g0[i]!;
      for (let k = 1; k < grads.length; k++) g = f(g + grads[k]![i]!);
      sum[i - start] = g;
    }
    step1(params, m, v, sum, undefined, start, end, -start, b1, oneMinusB1, b2, oneMinusB2, eps, stepSize, bc2Sqrt);
    return;
  }
  step1(params, m, v, g0, grads[1], start, end, 0, b1, oneMinusB1, b2, oneMinusB2, eps, stepSize, bc2Sqrt);
}

/** The elementwise update of `[start, end)` with gradient `g0` (+ `g1`), `g0` indexed from `start − shift`. */
function step1(
  params: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g0: Float32Array,
  g1: Float32Array | undefined,
  start: number,
  end: number,
  shift: number,
  b1: number,
  oneMinusB1: number,
  b2: number,
  oneMinusB2: number,
  eps: number,
  stepSize: number,
  bc2Sqrt: number,
): void {
  // Two copies of the loop so that neither tests g1 per element.
  if (g1 === undefined) {
    for (let i = start; i < end; i++) {
      const g = g0[i + shift]!;
      const mi = f(f(m[i]! * b1) + f(g * oneMinusB1));
      const vi = f(f(v[i]! * b2) + f(f(g * oneMinusB2) * g));
      const denom = f(f(f(Math.sqrt(vi)) / bc2Sqrt) + eps);
      m[i] = mi;
      v[i] = vi;
      params[i] = f(params[i]! + f(stepSize * f(mi / denom)));
    }
    return;
  }
  for (let i = start; i < end; i++) {
    const g = f(g0[i]! + g1[i]!);
    const mi = f(f(m[i]! * b1) + f(g * oneMinusB1));
    const vi = f(f(v[i]! * b2) + f(f(g * oneMinusB2) * g));
    const denom = f(f(f(Math.sqrt(vi)) / bc2Sqrt) + eps);
    m[i] = mi;
    v[i] = vi;
    params[i] = f(params[i]! + f(stepSize * f(mi / denom)));
  }
}
