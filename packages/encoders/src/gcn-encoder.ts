import type { Dag } from '@opnas/dag';
import { OneHotEncoding } from '@opnas/op-embed';
import type { OperationEncoding } from '@opnas/op-embed';
import { tf } from '@opnas/runtime';
import type { ReferenceParameter, Tensor1D, Tensor2D, Variable } from '@opnas/runtime';
import { checkGraphs } from './check-graphs.js';
import { checkSizes } from './check-sizes.js';
import { EncoderError } from './errors.js';
import { gcnLevel, gcnNeighbourhoods } from './gcn-level.js';
import type { GcnUpdate } from './gcn-level.js';
import type { GraphEncoder, Posterior } from './graph-encoder.js';
import { Linear } from './linear.js';

/** Options of {@link GcnEncoder}; defaults are the paper's (protocol §3.3). */
export interface GcnEncoderOptions {
  /** Hidden size `hs`. Default 501. */
  readonly hiddenSize?: number;
  /** Latent size `nz`. Default 56. */
  readonly latentSize?: number;
  /** Largest vertex count `max_n`. Default 8. */
  readonly maxVertices?: number;
  /** Number of GCN levels (`levels`). Default 3. */
  readonly levels?: number;
  /**
   * `'in-place'` (default): the reference's Gauss–Seidel update within a level;
   * `'simultaneous'`: the paper's description (protocol §10.1 item 6).
   */
  readonly update?: GcnUpdate;
  /** How types enter level 0. Default: a new one-hot over 8 types (owned by the encoder). */
  readonly encoding?: OperationEncoding;
}

/**
 * The GCN encoder of DVAE_GCN and DVAE_GCN_EMB (protocol §3.3–§3.4): `levels` rounds of
 * `h_v ← ReLU(W_ℓ s_v + b_ℓ)` over the degree-normalised sum of a vertex and its predecessors,
 * level 0 on the type encodings (one-hot or a learnable embedding); the graph state is the sum
 * of the last level's states over vertices `1 … n−2` (input and output excluded); `fc1`/`fc2`
 * give μ and log σ². Directed only (the reference's unused bidirectional variant is not offered).
 *
 * Reference parameter names: `gconv.{ℓ}.0.weight` / `gconv.{ℓ}.0.bias` (each level is
 * `nn.Sequential(nn.Linear, nn.ReLU)` inside an `nn.ModuleList`), `fc1.*`, `fc2.*`.
 */
export class GcnEncoder implements GraphEncoder {
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly update: GcnUpdate;
  readonly encoding: OperationEncoding;
  /** `gconv[ℓ]`: level 0 is `encoding.size → H`, later levels `H → H`. */
  readonly levels: readonly Linear[];
  readonly fcMu: Linear;
  readonly fcLogvar: Linear;
  private readonly ownsEncoding: boolean;

  constructor(options: GcnEncoderOptions = {}) {
    this.hiddenSize = options.hiddenSize ?? 501;
    this.latentSize = options.latentSize ?? 56;
    this.maxVertices = options.maxVertices ?? 8;
    const levels = options.levels ?? 3;
    checkSizes('', { hiddenSize: this.hiddenSize, latentSize: this.latentSize, maxVertices: this.maxVertices, levels });
    this.update = options.update ?? 'in-place';
    if (this.update !== 'in-place' && this.update !== 'simultaneous') {
      throw new EncoderError(`@opnas/encoders: update must be 'in-place' or 'simultaneous', got '${String(this.update)}'`);
    }
    this.ownsEncoding = options.encoding === undefined;
    this.encoding = options.encoding ?? new OneHotEncoding();
    this.levels = Array.from({ length: levels }, (_, l) => new Linear(l === 0 ? this.encoding.size : this.hiddenSize, this.hiddenSize));
    this.fcMu = new Linear(this.hiddenSize, this.latentSize);
    this.fcLogvar = new Linear(this.hiddenSize, this.latentSize);
  }

  encode(graphs: readonly Dag[]): Posterior {
    checkGraphs(graphs, { maxVertices: this.maxVertices, typeCount: this.encoding.typeCount });
    return tf.tidy(() => {
      const hg = this.graphState(graphs);
      return { mu: this.fcMu.apply(hg), logvar: this.fcLogvar.apply(hg) };
    });
  }

  /** `H_g = Σ_{v=1}^{n−2} h_v` of the last level, one row per graph (B × H). */
  graphState(graphs: readonly Dag[]): Tensor2D {
    const neighbourhoods = gcnNeighbourhoods(graphs);
    const { graphs: b, vertices: n } = neighbourhoods;
    return tf.tidy(() => {
      const types = new Int32Array(n * b);
      graphs.forEach((g, i) => {
        for (let v = 0; v < g.types.length; v++) types[v * b + i] = g.types[v]!;
      });
      let h = tf.gather(this.encoding.table(), tf.tensor1d(types, 'int32')) as Tensor2D;
      this.levels.forEach((level, l) => {
        // Level 0 reads type encodings for every vertex, so in-place and simultaneous agree
        // there (and its input width differs from H).
        const update = l === 0 ? 'simultaneous' : this.update;
        h = gcnLevel(h, level.weight as Tensor2D, level.bias as Tensor1D, neighbourhoods, update);
      });
      // Sum pooling over vertices 1..n_b−2 of each graph.
      const pool = new Float32Array(n * b);
      graphs.forEach((g, i) => {
        for (let v = 1; v < g.types.length - 1; v++) pool[v * b + i] = 1;
      });
      const pooled = tf.sum(tf.mul(tf.reshape(h, [n, b, this.hiddenSize]), tf.tensor3d(pool, [n, b, 1])), 0);
      return pooled as Tensor2D;
    });
  }

  variables(): Variable[] {
    return [...(this.ownsEncoding ? this.encoding.variables() : []), ...this.levels.flatMap((l) => l.variables()), ...this.fcMu.variables(), ...this.fcLogvar.variables()];
  }

  /** `embeddings.weight` (if owned), `gconv.{ℓ}.0.*`, `fc1.*`, `fc2.*`. */
  referenceParameters(): ReferenceParameter[] {
    return [
      ...(this.ownsEncoding ? this.encoding.referenceParameters() : []),
      ...this.levels.flatMap((l, i) => l.referenceParameters(`gconv.${i}.0`)),
      ...this.fcMu.referenceParameters('fc1'),
      ...this.fcLogvar.referenceParameters('fc2'),
    ];
  }

  dispose(): void {
    if (this.ownsEncoding) this.encoding.dispose();
    for (const l of this.levels) l.dispose();
    this.fcMu.dispose();
    this.fcLogvar.dispose();
  }
}
