import type { GruCell } from '@opnas/encoders';
import { positiveInteger } from '@opnas/errors';
import { onDeviceBackend, tf } from '@opnas/runtime';
import type { Tensor, Tensor2D } from '@opnas/runtime';
import { SequenceVaeError, invalidArgument } from './errors.js';
import { gruSequenceOnDevice } from './gru-sequence-on-device.js';
import { readValues } from './read-values.js';

/** Options of {@link gruSequence}. */
export interface GruSequenceOptions {
  /** Time steps `T`. */
  readonly steps: number;
  /** `R × H` hidden state before step 0. Default: zeros (PyTorch's default `h_0`). */
  readonly initialHidden?: Tensor2D;
  /**
   * `inputGates` is one `R × 3H` block fed at every step (a constant input, as S-VAE's decoder
   * feeds `ReLU(fc3 z)` at each step). Default `false`: `T` blocks, one per step.
   */
  readonly repeatInput?: boolean;
  /**
   * For each step and sequence (`T·R` entries, time-major), the row of `inputGates` it reads:
   * `inputGates` is then a table of the gates of the possible inputs (GraphRNN's edge level
   * reads a bit, so its table has two rows). Default: row `t·R + i` (or `i` with `repeatInput`).
   */
  readonly inputRows?: Int32Array;
}

/**
 * PyTorch's `nn.GRU` (one layer, one direction; protocol §2.1) over `T` steps for `R` independent
 * sequences, from the input gates `x_t·W_ih + b_ih` of every step (compute them for all steps
 * in one product with `GruCell.inputGates`). Rows are time-major: row `t·R + i` is step `t` of
 * sequence `i`, in the input gates (`T·R × 3H`) and in the returned states (`T·R × H`).
 * Differentiable with respect to the input gates, `cell.weightHh`, `cell.biasHh` and the initial
 * hidden state.
 *
 * Why not compose `GruCell.step`: a step is one product and a dozen element-wise ops, and on
 * the wasm backend the element-wise ops (each a pass over `R × 3H` floats plus a tensor
 * allocation) cost as much as the product. Here the gates of a step are one loop over plain
 * arrays and only the products go through tfjs. The backward pass is written by hand: the
 * element-wise part in the same loops, `dh_{t−1} = dgh_t·W_hhᵀ` per step, and the weight
 * gradient for all steps as one product `[h_0;…;h_{T−2}]ᵀ[dgh_1;…;dgh_{T−1}]`. Tests check it
 * against autodiff of the `GruCell.step` composition and against finite differences. On a
 * device backend it is that composition (`gruSequenceOnDevice`).
 */
export function gruSequence(inputGates: Tensor2D, cell: GruCell, options: GruSequenceOptions): Tensor2D {
  const T = options.steps;
  const H = cell.hiddenSize;
  const repeat = options.repeatInput ?? false;
  positiveInteger(T, 'steps', invalidArgument);
  const [gateRows, gateCols] = inputGates.shape;
  if (gateCols !== 3 * H) throw new SequenceVaeError(`@opnas/sequence-vae: inputGates must have 3H = ${3 * H} columns, got ${gateCols}`);
  const given = options.inputRows;
  if (given !== undefined && repeat) throw new SequenceVaeError('@opnas/sequence-vae: give inputRows or repeatInput, not both');
  if (given !== undefined && given.length % T !== 0) throw new SequenceVaeError(`@opnas/sequence-vae: inputRows has ${given.length} entries, not a multiple of ${T} steps`);
  if (given === undefined && !repeat && gateRows % T !== 0) throw new SequenceVaeError(`@opnas/sequence-vae: inputGates has ${gateRows} rows, not a multiple of ${T} steps`);
  const R = given !== undefined ? given.length / T : repeat ? gateRows : gateRows / T;
  if (given !== undefined) {
    const bad = given.findIndex((r) => !(r >= 0 && r < gateRows));
    if (bad >= 0) throw new SequenceVaeError(`@opnas/sequence-vae: inputRows[${bad}] = ${given[bad]} is not a row of the ${gateRows} input gates`);
  }
  // The row of the input gates each (step, sequence) reads.
  const inputRows = given ?? Int32Array.from({ length: T * R }, (_, j) => (repeat ? j % R : j));
  const initial = options.initialHidden;
  if (initial !== undefined && (initial.shape[0] !== R || initial.shape[1] !== H)) {
    throw new SequenceVaeError(`@opnas/sequence-vae: initialHidden must be ${R} × ${H}, got [${initial.shape.join(', ')}]`);
  }
  if (onDeviceBackend()) return gruSequenceOnDevice(inputGates, cell, T, R, inputRows, initial);
  const block = R * H;

  const run = tf.customGrad(((...args: unknown[]) => {
    const save = args[args.length - 1] as (tensors: Tensor[]) => void;
    const [gatesIn, weightHh, biasHh, hidden0] = args.slice(0, -1) as [Tensor2D, Tensor2D, Tensor, Tensor2D | undefined];
    const gi = gatesIn.dataSync() as Float32Array;
    const bhh = biasHh.dataSync() as Float32Array;
    const h0 = hidden0 === undefined ? null : (hidden0.dataSync() as Float32Array);
    const zeroGates = new Float32Array(R * 3 * H);
    const zeroHidden = new Float32Array(block);
    const states = new Float32Array(T * block);
    // Saved for the backward pass: r, u, n and W_hn h + b_hn of every step.
    const rs = new Float32Array(T * block);
    const us = new Float32Array(T * block);
    const ns = new Float32Array(T * block);
    const ghns = new Float32Array(T * block);
    const preRu = new Float32Array(R * 2 * H);
    const preN = new Float32Array(block);
    for (let t = 0; t < T; t++) {
      const prev = t === 0 ? h0 : states.subarray((t - 1) * block, t * block);
      const gh = prev === null ? zeroGates : readValues(() => tf.matMul(tf.tensor2d(prev, [R, H]), weightHh));
      const rows = inputRows.subarray(t * R, (t + 1) * R);
      resetUpdatePreactivations(preRu, gi, rows, gh, bhh, R, H);
      // The transcendental parts go through tfjs's vectorised sigmoid (XNNPACK), several times
      // faster than Math.exp in a loop; tanh(x) = 2σ(2x) − 1.
      const ru = readValues(() => tf.sigmoid(tf.tensor2d(preRu, [R, 2 * H])));
      candidatePreactivations(preN, ru, gi, rows, gh, bhh, rs, us, ghns, t * block, R, H);
      const twiceN = readValues(() => tf.sigmoid(tf.tensor2d(preN, [R, H])));
      newStates(states, ns, us, twiceN, prev ?? zeroHidden, t * block, block);
    }
    save([weightHh]);

    const gradFunc = (dy: Tensor, saved: Tensor[]): Tensor[] => {
      // Transposed once: XNNPACK packs a right operand once and reuses it for every step.
      const wHhT = tf.transpose(saved[0] as Tensor2D) as Tensor2D;
      const dY = dy.dataSync() as Float32Array;
      const dGi = new Float32Array(gateRows * 3 * H);
      const withHidden = h0 === null ? T - 1 : T;
      // dgh of the steps that had a hidden input, stacked in step order (for dW_hh).
      const dGh = new Float32Array(Math.max(withHidden, 1) * R * 3 * H);
      const dBhh = new Float32Array(3 * H);
      let carry = zeroHidden;
      let dInitial: Float32Array | null = null;
      // Two buffers for the previous state's gradient, alternating between steps.
      const buffers = [new Float32Array(block), new Float32Array(block)];
      for (let t = T - 1; t >= 0; t--) {
        const prev = t === 0 ? h0 : states.subarray((t - 1) * block, t * block);
        const ghBase = prev === null ? -1 : (t - (T - withHidden)) * R * 3 * H;
        const direct = t === 0 ? new Float32Array(block) : buffers[t % 2]!;
        backwardStep(dY, carry, rs, us, ns, ghns, prev ?? zeroHidden, t * block, dGi, inputRows.subarray(t * R, (t + 1) * R), dGh, ghBase, dBhh, direct, R, H);
        if (prev === null) break;
        // dh_{t−1} = dh ⊙ u + dgh·W_hhᵀ
        const back = readValues(() => tf.matMul(tf.tensor2d(dGh.subarray(ghBase, ghBase + R * 3 * H), [R, 3 * H]), wHhT));
        addInto(direct, back);
        if (t === 0) dInitial = direct;
        else carry = direct;
      }
      // dW_hh = Σ_t h_{t−1}ᵀ dgh_t, all steps in one product.
      let dWeightHh: Tensor;
      if (withHidden === 0) {
        dWeightHh = tf.zerosLike(saved[0]!);
      } else {
        const previous = new Float32Array(withHidden * block);
        if (h0 !== null) previous.set(h0, 0);
        previous.set(states.subarray(0, (T - 1) * block), h0 === null ? 0 : block);
        dWeightHh = tf.matMul(tf.tensor2d(previous, [withHidden * R, H]), tf.tensor2d(dGh, [withHidden * R, 3 * H]), true, false);
      }
      const grads: Tensor[] = [tf.tensor2d(dGi, [gateRows, 3 * H]), dWeightHh, tf.tensor1d(dBhh)];
      if (h0 !== null) grads.push(tf.tensor2d(dInitial!, [R, H]));
      return grads;
    };
    return { value: tf.tensor2d(states, [T * R, H]), gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);

  const inputs: Tensor[] = [inputGates, cell.weightHh, cell.biasHh];
  if (initial !== undefined) inputs.push(initial);
  return run(...inputs) as Tensor2D;
}

// The loops below are module-level functions so that V8 optimises them once: loops inside the
// per-call closures of tf.customGrad would be recompiled (on-stack) on every call.

/** `preRu[i, 0..2H)` = `gi + b_hh + gh` of the r and u gates. */
function resetUpdatePreactivations(preRu: Float32Array, gi: Float32Array, rows: Int32Array, gh: Float32Array, bhh: Float32Array, R: number, H: number): void {
  for (let i = 0; i < R; i++) {
    const g = rows[i]! * 3 * H;
    const q = i * 3 * H;
    const o = i * 2 * H;
    for (let k = 0; k < 2 * H; k++) preRu[o + k] = gi[g + k]! + bhh[k]! + gh[q + k]!;
  }
}

/** Saves r, u and `W_hn h + b_hn`, and writes `preN = 2·(gi_n + r ⊙ (W_hn h + b_hn))`. */
function candidatePreactivations(
  preN: Float32Array,
  ru: Float32Array,
  gi: Float32Array,
  rows: Int32Array,
  gh: Float32Array,
  bhh: Float32Array,
  rs: Float32Array,
  us: Float32Array,
  ghns: Float32Array,
  offset: number,
  R: number,
  H: number,
): void {
  for (let i = 0; i < R; i++) {
    const g = rows[i]! * 3 * H + 2 * H;
    const q = i * 3 * H + 2 * H;
    const p = i * 2 * H;
    const o = offset + i * H;
    for (let k = 0; k < H; k++) {
      const r = ru[p + k]!;
      const ghn = bhh[2 * H + k]! + gh[q + k]!;
      preN[i * H + k] = 2 * (gi[g + k]! + r * ghn);
      rs[o + k] = r;
      us[o + k] = ru[p + H + k]!;
      ghns[o + k] = ghn;
    }
  }
}

/** `n = 2σ(2a) − 1`, `h = n + u ⊙ (h_prev − n)`. */
function newStates(states: Float32Array, ns: Float32Array, us: Float32Array, twiceN: Float32Array, prev: Float32Array, offset: number, block: number): void {
  for (let j = 0; j < block; j++) {
    const n = 2 * twiceN[j]! - 1;
    states[offset + j] = n + us[offset + j]! * (prev[j]! - n);
    ns[offset + j] = n;
  }
}

/**
 * The element-wise backward pass of one step: from `dh = dY_t + carry` to the gradients of
 * the input gates (added into the rows of `dGi` the step read, which steps may share), of the
 * recurrent pre-activations (`dGh` at `ghBase`, unless the step had no hidden input, −1), of
 * `b_hh`, and the direct part `dh ⊙ u` of the previous state's gradient.
 */
function backwardStep(
  dY: Float32Array,
  carry: Float32Array,
  rs: Float32Array,
  us: Float32Array,
  ns: Float32Array,
  ghns: Float32Array,
  prev: Float32Array,
  offset: number,
  dGi: Float32Array,
  rows: Int32Array,
  dGh: Float32Array,
  ghBase: number,
  dBhh: Float32Array,
  direct: Float32Array,
  R: number,
  H: number,
): void {
  for (let i = 0; i < R; i++) {
    const o = offset + i * H;
    const g = rows[i]! * 3 * H;
    const q = ghBase + i * 3 * H;
    for (let k = 0; k < H; k++) {
      const dh = dY[o + k]! + carry[i * H + k]!;
      const r = rs[o + k]!;
      const u = us[o + k]!;
      const n = ns[o + k]!;
      // h = n + u·(h_prev − n); n = tanh(gi_n + r·ghn)
      const daN = dh * (1 - u) * (1 - n * n);
      const daU = dh * (prev[i * H + k]! - n) * u * (1 - u);
      const daR = daN * ghns[o + k]! * r * (1 - r);
      const dGhN = daN * r;
      dGi[g + k]! += daR;
      dGi[g + H + k]! += daU;
      dGi[g + 2 * H + k]! += daN;
      dBhh[k]! += daR;
      dBhh[H + k]! += daU;
      dBhh[2 * H + k]! += dGhN;
      if (ghBase >= 0) {
        dGh[q + k] = daR;
        dGh[q + H + k] = daU;
        dGh[q + 2 * H + k] = dGhN;
      }
      direct[i * H + k] = dh * u;
    }
  }
}

/** `into += values`, element-wise. */
function addInto(into: Float32Array, values: Float32Array): void {
  for (let j = 0; j < into.length; j++) into[j]! += values[j]!;
}
