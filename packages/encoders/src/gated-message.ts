import { referenceParameter, sameLayoutParameter, tf, zerosVariable } from '@opnas/runtime';
import type { ReferenceParameter, Tensor2D, Variable } from '@opnas/runtime';
import { checkSizes } from './check-sizes.js';
import { EncoderError } from './errors.js';

/**
 * The message a vertex `u` sends in D-VAE's gated sum (protocol §2.3):
 * `sigmoid(G m_u + g) ⊙ (M m_u)` with `m_u = [h_u ; onehot(u)]`, the one-hot of the sender's
 * vertex *index*. A receiver sums the messages of its neighbours.
 *
 * A message depends on the sender only, so callers compute it once per vertex and reuse it for
 * every receiver. The gate and mapper weights on `h` are held side by side (`H × 2H`, one
 * product for both) and the one-hot part as a row table (`maxVertices × 2H`): the product with
 * a one-hot vector is a row lookup.
 */
export class GatedMessage {
  readonly hiddenSize: number;
  readonly maxVertices: number;
  /** `H × 2H`: columns `[0, H)` gate `G_h`, `[H, 2H)` mapper `M_h`. */
  readonly hiddenWeight: Variable;
  /** `maxVertices × 2H`: row `u` holds the gate and mapper columns of `onehot(u)`. */
  readonly indexWeight: Variable;
  /** `H`: the gate's bias (the mapper has none). */
  readonly gateBias: Variable;

  constructor(hiddenSize: number, maxVertices: number) {
    checkSizes('GatedMessage', { hiddenSize, maxVertices });
    this.hiddenSize = hiddenSize;
    this.maxVertices = maxVertices;
    this.hiddenWeight = zerosVariable([hiddenSize, 2 * hiddenSize]);
    this.indexWeight = zerosVariable([maxVertices, 2 * hiddenSize]);
    this.gateBias = zerosVariable([hiddenSize]);
  }

  /** Messages of `rows` senders that all have vertex index `index`, from their states `h`. */
  messages(h: Tensor2D, index: number): Tensor2D {
    if (!Number.isInteger(index) || index < 0 || index >= this.maxVertices) {
      throw new EncoderError(`@opnas/encoders: vertex index must be in 0..${this.maxVertices - 1}, got ${index}`);
    }
    const hs = this.hiddenSize;
    const row = tf.reshape(tf.slice(this.indexWeight, [index, 0], [1, 2 * hs]), [2 * hs]);
    const bias = tf.add(row, tf.concat([this.gateBias, tf.zeros([hs])]));
    const z = tf.fused.matMul({ a: h, b: this.hiddenWeight as Tensor2D, bias });
    const [gate, mapped] = tf.split(z, 2, 1) as [Tensor2D, Tensor2D];
    return tf.mul(tf.sigmoid(gate), mapped);
  }

  variables(): Variable[] {
    return [this.hiddenWeight, this.indexWeight, this.gateBias];
  }

  /**
   * `<gate>.0.weight` (`H × (H + maxVertices)`), `<gate>.0.bias` and `<mapper>.0.weight`, the
   * reference's `Linear(vs, H)` pair (`vs = H + maxVertices`, state first), ~ U(−1/√vs, 1/√vs).
   */
  referenceParameters(gatePrefix: string, mapperPrefix: string): ReferenceParameter[] {
    const hs = this.hiddenSize;
    const vs = hs + this.maxVertices;
    const init = { kind: 'uniform', bound: 1 / Math.sqrt(vs) } as const;
    const weight = (name: string, col: number): ReferenceParameter =>
      referenceParameter(
        name,
        [hs, vs],
        [
          { variable: this.hiddenWeight, cols: [col, hs], transpose: true },
          { variable: this.indexWeight, cols: [col, hs], at: [0, hs], transpose: true },
        ],
        init,
      );
    return [weight(`${gatePrefix}.0.weight`, 0), sameLayoutParameter(`${gatePrefix}.0.bias`, this.gateBias, init), weight(`${mapperPrefix}.0.weight`, hs)];
  }

  dispose(): void {
    tf.dispose(this.variables());
  }
}
