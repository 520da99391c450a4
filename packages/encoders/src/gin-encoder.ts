import type { Dag } from '@opnas/dag';
import { OneHotEncoding } from '@opnas/op-embed';
import type { OperationEncoding } from '@opnas/op-embed';
import { tf } from '@opnas/runtime';
import type { ReferenceParameter, Tensor2D, Tensor3D, Variable } from '@opnas/runtime';
import { checkGraphs } from './check-graphs.js';
import { checkSizes } from './check-sizes.js';
import type { GraphEncoder, Posterior } from './graph-encoder.js';
import { Linear } from './linear.js';

/** Options of {@link GinEncoder}. */
export interface GinEncoderOptions {
  /** Hidden size. Default 501 (as the other encoders). */
  readonly hiddenSize?: number;
  /** Latent size. Default 56. */
  readonly latentSize?: number;
  /** Largest vertex count. Default 8. */
  readonly maxVertices?: number;
  /** Message-passing levels. Default 3. */
  readonly levels?: number;
  /** How types enter level 0. Default: a new one-hot over 8 types (owned by the encoder). */
  readonly encoding?: OperationEncoding;
}

/**
 * A graph isomorphism network encoder (GIN-0, Xu et al. 2019, as arch2vec uses on NAS cells):
 * each level sums a vertex's state with those of its in- and out-neighbours and passes the sum
 * through a two-layer ReLU MLP, `h_v ← MLP(h_v + Σ_{u ~ v} h_u)`; the graph state is the sum of
 * the last level's states over all vertices, mapped to μ and log σ² by two linear layers.
 * Sum aggregation and sum readout make it invariant to the vertex order.
 *
 * Parameter names: `gin.{ℓ}.0.*` and `gin.{ℓ}.2.*` (the MLP's two linear layers), `fc1.*`, `fc2.*`.
 */
export class GinEncoder implements GraphEncoder {
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly encoding: OperationEncoding;
  readonly mlps: readonly (readonly [Linear, Linear])[];
  readonly fcMu: Linear;
  readonly fcLogvar: Linear;
  private readonly ownsEncoding: boolean;

  constructor(options: GinEncoderOptions = {}) {
    this.hiddenSize = options.hiddenSize ?? 501;
    this.latentSize = options.latentSize ?? 56;
    this.maxVertices = options.maxVertices ?? 8;
    const levels = options.levels ?? 3;
    checkSizes('', { hiddenSize: this.hiddenSize, latentSize: this.latentSize, maxVertices: this.maxVertices, levels });
    this.ownsEncoding = options.encoding === undefined;
    this.encoding = options.encoding ?? new OneHotEncoding();
    const h = this.hiddenSize;
    this.mlps = Array.from({ length: levels }, (_, l) => [new Linear(l === 0 ? this.encoding.size : h, h), new Linear(h, h)] as const);
    this.fcMu = new Linear(h, this.latentSize);
    this.fcLogvar = new Linear(h, this.latentSize);
  }

  encode(graphs: readonly Dag[]): Posterior {
    checkGraphs(graphs, { maxVertices: this.maxVertices, typeCount: this.encoding.typeCount });
    return tf.tidy(() => {
      const hg = this.graphState(graphs);
      return { mu: this.fcMu.apply(hg), logvar: this.fcLogvar.apply(hg) };
    });
  }

  /** Σ_v h_v of the last level, one row per graph (B × H). */
  graphState(graphs: readonly Dag[]): Tensor2D {
    const b = graphs.length;
    const n = Math.max(...graphs.map((g) => g.types.length));
    // Self plus neighbours in both directions, B × n × n; padded vertices are all zero.
    const propagate = new Float32Array(b * n * n);
    const present = new Float32Array(b * n);
    const types = new Int32Array(b * n);
    graphs.forEach((g, i) => {
      for (let v = 0; v < g.types.length; v++) {
        present[i * n + v] = 1;
        types[i * n + v] = g.types[v]!;
        propagate[(i * n + v) * n + v] = 1;
        for (let u = 0; u < v; u++) {
          if ((g.inMasks[v]! >>> u) & 1) {
            propagate[(i * n + v) * n + u] = 1;
            propagate[(i * n + u) * n + v] = 1;
          }
        }
      }
    });
    return tf.tidy(() => {
      const a = tf.tensor3d(propagate, [b, n, n]);
      const mask = tf.tensor3d(present, [b, n, 1]);
      let h = tf.reshape(tf.gather(this.encoding.table(), tf.tensor1d(types, 'int32')), [b, n, this.encoding.size]) as Tensor3D;
      for (const [first, second] of this.mlps) {
        const summed = tf.reshape(tf.matMul(a, h), [b * n, -1]) as Tensor2D;
        const out = second.apply(first.apply(summed, 'relu'), 'relu');
        // biases would give padded vertices a state: keep them at zero
        h = tf.mul(tf.reshape(out, [b, n, this.hiddenSize]), mask) as Tensor3D;
      }
      return tf.sum(h, 1) as Tensor2D;
    });
  }

  variables(): Variable[] {
    return [
      ...(this.ownsEncoding ? this.encoding.variables() : []),
      ...this.mlps.flatMap(([p, q]) => [...p.variables(), ...q.variables()]),
      ...this.fcMu.variables(),
      ...this.fcLogvar.variables(),
    ];
  }

  /** `embeddings.weight` (if owned), `gin.{ℓ}.0.*`, `gin.{ℓ}.2.*`, `fc1.*`, `fc2.*`. */
  referenceParameters(): ReferenceParameter[] {
    return [
      ...(this.ownsEncoding ? this.encoding.referenceParameters() : []),
      ...this.mlps.flatMap(([p, q], l) => [...p.referenceParameters(`gin.${l}.0`), ...q.referenceParameters(`gin.${l}.2`)]),
      ...this.fcMu.referenceParameters('fc1'),
      ...this.fcLogvar.referenceParameters('fc2'),
    ];
  }

  dispose(): void {
    if (this.ownsEncoding) this.encoding.dispose();
    for (const [p, q] of this.mlps) {
      p.dispose();
      q.dispose();
    }
    this.fcMu.dispose();
    this.fcLogvar.dispose();
  }
}
