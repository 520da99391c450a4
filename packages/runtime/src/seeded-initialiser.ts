import { positiveInteger } from '@opnas/errors';
import { PythonRandom } from '@opnas/rng';
import { RuntimeError, invalidArgument } from './errors.js';

/** The parameters of a PyTorch `nn.Linear(in, out)` in PyTorch's layout. */
export interface LinearParameters {
  /** `out × in`, row-major (y = x Wᵀ + b). */
  readonly weight: Float32Array;
  /** `out`, or absent for `bias: false`. */
  readonly bias?: Float32Array;
}

/** The parameters of a PyTorch `nn.GRUCell(input, hidden)` in PyTorch's layout (blocks [r; u; n]). */
export interface GruCellParameters {
  /** `3H × input`. */
  readonly weightIh: Float32Array;
  /** `3H × H`. */
  readonly weightHh: Float32Array;
  /** `3H`. */
  readonly biasIh: Float32Array;
  /** `3H`. */
  readonly biasHh: Float32Array;
}

function checkSize(what: string, n: number): void {
  positiveInteger(n, what, invalidArgument);
}

/**
 * Draws parameters with PyTorch's default distributions (protocol §2.1–2.2) from a seeded
 * generator, so a model built from the same seed is the same model.
 *
 * The generator is CPython's MT19937 (`@opnas/rng`), not torch's, so the values differ from
 * a PyTorch run with the same seed; the distributions and the draw order (PyTorch's
 * `reset_parameters` order, weights in PyTorch's `out × in` layout) are PyTorch's.
 */
export class SeededInitialiser {
  private readonly rng: PythonRandom;

  /** @param seed Any safe integer. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RuntimeError(`@opnas/runtime: seed must be a safe integer, got ${seed}`);
    this.rng = new PythonRandom(seed);
  }

  /** `size` draws from U(−bound, bound). */
  uniform(size: number, bound: number): Float32Array {
    checkSize('size', size);
    if (!(bound > 0) || !Number.isFinite(bound)) throw new RuntimeError(`@opnas/runtime: bound must be a positive finite number, got ${bound}`);
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = bound * (2 * this.rng.random() - 1);
    return out;
  }

  /** `size` draws from N(mean, std²), as `nn.Embedding` and `torch.randn` initialise. */
  normal(size: number, mean = 0, std = 1): Float32Array {
    checkSize('size', size);
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = this.rng.gauss(mean, std);
    return out;
  }

  /** `nn.Linear(in, out)`: weight and bias ~ U(−1/√in, 1/√in), weight drawn first. */
  linear(inFeatures: number, outFeatures: number, options: { readonly bias?: boolean } = {}): LinearParameters {
    checkSize('inFeatures', inFeatures);
    checkSize('outFeatures', outFeatures);
    const bound = 1 / Math.sqrt(inFeatures);
    const weight = this.uniform(inFeatures * outFeatures, bound);
    if (options.bias === false) return { weight };
    return { weight, bias: this.uniform(outFeatures, bound) };
  }

  /** `nn.GRUCell(input, hidden)`: all four tensors ~ U(−1/√H, 1/√H), in PyTorch's order. */
  gruCell(inputSize: number, hiddenSize: number): GruCellParameters {
    checkSize('inputSize', inputSize);
    checkSize('hiddenSize', hiddenSize);
    const bound = 1 / Math.sqrt(hiddenSize);
    return {
      weightIh: this.uniform(3 * hiddenSize * inputSize, bound),
      weightHh: this.uniform(3 * hiddenSize * hiddenSize, bound),
      biasIh: this.uniform(3 * hiddenSize, bound),
      biasHh: this.uniform(3 * hiddenSize, bound),
    };
  }
}
