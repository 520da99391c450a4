import { positiveInteger } from '@opnas/errors';
import { referenceParameter, sameLayoutParameter, tf, transposedParameter, zerosVariable } from '@opnas/runtime';
import type { ReferenceParameter, Tensor2D, Variable } from '@opnas/runtime';
import { invalidArgument } from './errors.js';

/**
 * D-VAE's `add_edge` MLP, `Linear(2H, 4H) → ReLU → Linear(4H, 1)` on `[h_i ; h_t]` (protocol §3.1),
 * with the first layer split into its source half `W_s h_i` and target half `W_t h_t`
 * (protocol §11.1): a source's half is computed once per vertex and a target's once per distinct
 * state, then pairs only add them. The first bias sits in the target half.
 */
export class EdgeScorer {
  readonly hiddenSize: number;
  /** `H × 4H`. */
  readonly sourceWeight: Variable;
  /** `H × 4H`. */
  readonly targetWeight: Variable;
  /** `4H`. */
  readonly hiddenBias: Variable;
  /** `4H × 1`. */
  readonly outputWeight: Variable;
  /** `1`. */
  readonly outputBias: Variable;

  constructor(hiddenSize: number) {
    positiveInteger(hiddenSize, 'hiddenSize', invalidArgument);
    this.hiddenSize = hiddenSize;
    this.sourceWeight = zerosVariable([hiddenSize, 4 * hiddenSize]);
    this.targetWeight = zerosVariable([hiddenSize, 4 * hiddenSize]);
    this.hiddenBias = zerosVariable([4 * hiddenSize]);
    this.outputWeight = zerosVariable([4 * hiddenSize, 1]);
    this.outputBias = zerosVariable([1]);
  }

  /** Source halves `h_i·W_s` of source states (`rows × H` → `rows × 4H`). */
  sourceHalf(h: Tensor2D): Tensor2D {
    return tf.matMul(h, this.sourceWeight as Tensor2D);
  }

  /** Target halves `h_t·W_t + b` of target states. */
  targetHalf(h: Tensor2D): Tensor2D {
    return tf.fused.matMul({ a: h, b: this.targetWeight as Tensor2D, bias: this.hiddenBias }) as Tensor2D;
  }

  /** Edge logits (`rows × 1`) of pairs whose halves are given row by row. */
  logits(sourceHalves: Tensor2D, targetHalves: Tensor2D): Tensor2D {
    const hidden = tf.relu(tf.add(sourceHalves, targetHalves)) as Tensor2D;
    return tf.fused.matMul({ a: hidden, b: this.outputWeight as Tensor2D, bias: this.outputBias }) as Tensor2D;
  }

  variables(): Variable[] {
    return [this.sourceWeight, this.targetWeight, this.hiddenBias, this.outputWeight, this.outputBias];
  }

  /** `<prefix>.0.weight` (`4H × 2H`, input `[h_i ; h_t]`), `.0.bias`, `.2.weight` (`1 × 4H`), `.2.bias`. */
  referenceParameters(prefix: string): ReferenceParameter[] {
    const hs = this.hiddenSize;
    const first = { kind: 'uniform', bound: 1 / Math.sqrt(2 * hs) } as const;
    const second = { kind: 'uniform', bound: 1 / Math.sqrt(4 * hs) } as const;
    return [
      referenceParameter(
        `${prefix}.0.weight`,
        [4 * hs, 2 * hs],
        [
          { variable: this.sourceWeight, transpose: true },
          { variable: this.targetWeight, at: [0, hs], transpose: true },
        ],
        first,
      ),
      sameLayoutParameter(`${prefix}.0.bias`, this.hiddenBias, first),
      transposedParameter(`${prefix}.2.weight`, this.outputWeight, second),
      sameLayoutParameter(`${prefix}.2.bias`, this.outputBias, second),
    ];
  }

  dispose(): void {
    tf.dispose(this.variables());
  }
}
