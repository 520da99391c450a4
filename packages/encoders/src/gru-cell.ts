import { sameLayoutParameter, tf, transposedParameter, zerosVariable } from '@opnas/runtime';
import type { ReferenceParameter, Tensor2D, Variable } from '@opnas/runtime';
import { checkSizes } from './check-sizes.js';

/**
 * PyTorch's `nn.GRUCell(input, hidden)` (protocol §2.1), split into the input projection and the
 * recurrent step so that callers can project every input of a pass in one product:
 *
 * ```
 * r = σ(W_ir x + b_ir + W_hr h + b_hr)     u = σ(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))     h' = (1 − u) ⊙ n + u ⊙ h
 * ```
 *
 * Weights are held `in × 3H` with column blocks [r | u | n]. Starts at zero; draw PyTorch's
 * initial values with `initialiseParameters`.
 */
export class GruCell {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** `input × 3H`. */
  readonly weightIh: Variable;
  /** `H × 3H`. */
  readonly weightHh: Variable;
  /** `3H`. */
  readonly biasIh: Variable;
  /** `3H`. */
  readonly biasHh: Variable;

  constructor(inputSize: number, hiddenSize: number) {
    checkSizes('GruCell', { inputSize, hiddenSize });
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.weightIh = zerosVariable([inputSize, 3 * hiddenSize]);
    this.weightHh = zerosVariable([hiddenSize, 3 * hiddenSize]);
    this.biasIh = zerosVariable([3 * hiddenSize]);
    this.biasHh = zerosVariable([3 * hiddenSize]);
  }

  /** `x·W_ih + b_ih` for every row of `x` (`rows × input` → `rows × 3H`). */
  inputGates(x: Tensor2D): Tensor2D {
    return tf.fused.matMul({ a: x, b: this.weightIh as Tensor2D, bias: this.biasIh }) as Tensor2D;
  }

  /**
   * One step for `rows` independent cells: `inputGates` from {@link GruCell.inputGates} (or rows
   * gathered from it), `hidden` the previous states, or `null` for all-zero states (then the
   * recurrent product is skipped: it would only add `b_hh`).
   */
  step(inputGates: Tensor2D, hidden: Tensor2D | null): Tensor2D {
    const h = this.hiddenSize;
    const gh = hidden === null ? (tf.reshape(this.biasHh, [1, 3 * h]) as Tensor2D) : (tf.fused.matMul({ a: hidden, b: this.weightHh as Tensor2D, bias: this.biasHh }) as Tensor2D);
    const [giRu, giN] = tf.split(inputGates, [2 * h, h], 1) as [Tensor2D, Tensor2D];
    const [ghRu, ghN] = tf.split(gh, [2 * h, h], 1) as [Tensor2D, Tensor2D];
    const [r, u] = tf.split(tf.sigmoid(tf.add(giRu, ghRu)), 2, 1) as [Tensor2D, Tensor2D];
    const n = tf.tanh(tf.add(giN, tf.mul(r, ghN)));
    // (1 − u)·n + u·h written as n + u·(h − n): one product fewer.
    return (hidden === null ? tf.sub(n, tf.mul(u, n)) : tf.add(n, tf.mul(u, tf.sub(hidden, n)))) as Tensor2D;
  }

  variables(): Variable[] {
    return [this.weightIh, this.weightHh, this.biasIh, this.biasHh];
  }

  /** `<prefix>.weight_ih`, `.weight_hh`, `.bias_ih`, `.bias_hh` in PyTorch's order, ~ U(−1/√H, 1/√H). */
  referenceParameters(prefix: string): ReferenceParameter[] {
    const init = { kind: 'uniform', bound: 1 / Math.sqrt(this.hiddenSize) } as const;
    return [
      transposedParameter(`${prefix}.weight_ih`, this.weightIh, init),
      transposedParameter(`${prefix}.weight_hh`, this.weightHh, init),
      sameLayoutParameter(`${prefix}.bias_ih`, this.biasIh, init),
      sameLayoutParameter(`${prefix}.bias_hh`, this.biasHh, init),
    ];
  }

  dispose(): void {
    tf.dispose(this.variables());
  }
}
