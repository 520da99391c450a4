import type { Dag } from '@opnas/dag';
import { Linear } from '@opnas/encoders';
import type { GraphEncoder, Posterior } from '@opnas/encoders';
import { integerAtLeast } from '@opnas/errors';
import { tf } from '@opnas/runtime';
import type { ReferenceParameter, Tensor2D, Variable } from '@opnas/runtime';
import { SequenceVaeError, invalidArgument } from './errors.js';
import { GruLayer } from './gru-layer.js';
import { sequenceBatch } from './sequence-batch.js';
import type { SequenceBatch } from './sequence-batch.js';

/** Options of {@link SvaeEncoder}; defaults are the paper's (protocol §3.5). */
export interface SvaeEncoderOptions {
  /** Hidden size `hs`. Default 501. */
  readonly hiddenSize?: number;
  /** Latent size `nz`. Default 56. */
  readonly latentSize?: number;
  /** `max_n`: graphs are `max_n − 1` rows of `8 + max_n − 1` numbers. Default 8. */
  readonly maxVertices?: number;
  /** Number of vertex types `nvt`. Default 8. */
  readonly typeCount?: number;
  /**
   * Also run the GRU backwards over the rows and map `[h_forward ; h_backward]` of each graph
   * through `hg_unify` (the reference's `--bidirectional`). Default `false`, as both papers
   * trained S-VAE. Unlike the reference, which reshapes PyTorch's `(2, B, H)` final state
   * straight to `(B, 2H)` and so mixes the states of different graphs (protocol §10.2 item 14),
   * each graph here gets its own two states.
   */
  readonly bidirectional?: boolean;
}

/**
 * S-VAE's encoder (protocol §3.5), shared by GraphRNN (§3.6): a GRU (`grue`, `15 → hs` on ENAS)
 * reads the `max_n − 1` rows of a graph's tensor (protocol §1.5) from a zero state; its final state
 * is the graph state, and `fc1`/`fc2` give μ and log σ².
 */
export class SvaeEncoder implements GraphEncoder {
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly typeCount: number;
  readonly bidirectional: boolean;
  /** `grue` (forward direction). */
  readonly gru: GruLayer;
  /** `grue` backward direction (`…_l0_reverse`), or `null`. */
  readonly gruReverse: GruLayer | null;
  /** `hg_unify.0` (bidirectional only). */
  readonly hgUnify: Linear | null;
  readonly fcMu: Linear;
  readonly fcLogvar: Linear;

  constructor(options: SvaeEncoderOptions = {}) {
    this.hiddenSize = options.hiddenSize ?? 501;
    this.latentSize = options.latentSize ?? 56;
    this.maxVertices = options.maxVertices ?? 8;
    this.typeCount = options.typeCount ?? 8;
    this.bidirectional = options.bidirectional ?? false;
    for (const [name, v, min] of [
      ['hiddenSize', this.hiddenSize, 1],
      ['latentSize', this.latentSize, 1],
      ['maxVertices', this.maxVertices, 2],
      ['typeCount', this.typeCount, 2],
    ] as const) {
      integerAtLeast(v, min, name, invalidArgument);
    }
    const width = this.typeCount + this.maxVertices - 1;
    this.gru = new GruLayer(width, this.hiddenSize);
    this.gruReverse = this.bidirectional ? new GruLayer(width, this.hiddenSize, { reverse: true }) : null;
    this.hgUnify = this.bidirectional ? new Linear(2 * this.hiddenSize, this.hiddenSize) : null;
    this.fcMu = new Linear(this.hiddenSize, this.latentSize);
    this.fcLogvar = new Linear(this.hiddenSize, this.latentSize);
  }

  encode(graphs: readonly Dag[]): Posterior {
    return this.encodeBatch(sequenceBatch(graphs, { maxVertices: this.maxVertices, typeCount: this.typeCount }));
  }

  /** {@link encode} for graphs already converted by `sequenceBatch` (the models convert once per batch). */
  encodeBatch(batch: SequenceBatch): Posterior {
    const { graphs: b, steps: T, width } = batch;
    if (width !== this.typeCount + this.maxVertices - 1) {
      throw new SequenceVaeError(`@opnas/sequence-vae: the batch has rows of ${width} numbers; this encoder reads ${this.typeCount + this.maxVertices - 1}`);
    }
    return tf.tidy(() => {
      const last = (states: Tensor2D) => tf.slice(states, [(T - 1) * b, 0], [b, this.hiddenSize]) as Tensor2D;
      const forward = last(this.gru.run(tf.tensor2d(batch.rows, [T * b, width]), { steps: T }));
      let hg = forward;
      if (this.gruReverse !== null) {
        // The backward direction reads the rows last to first; its final state is after row 0.
        const reversed = new Float32Array(batch.rows.length);
        for (let t = 0; t < T; t++) reversed.set(batch.rows.subarray((T - 1 - t) * b * width, (T - t) * b * width), t * b * width);
        const backward = last(this.gruReverse.run(tf.tensor2d(reversed, [T * b, width]), { steps: T }));
        hg = this.hgUnify!.apply(tf.concat([forward, backward], 1));
      }
      return { mu: this.fcMu.apply(hg), logvar: this.fcLogvar.apply(hg) };
    });
  }

  variables(): Variable[] {
    return [...this.gru.variables(), ...(this.gruReverse?.variables() ?? []), ...(this.hgUnify?.variables() ?? []), ...this.fcMu.variables(), ...this.fcLogvar.variables()];
  }

  /** `grue.*_l0` (and `grue.*_l0_reverse`), `fc1.*`, `fc2.*`, and `hg_unify.0.*` when bidirectional. */
  referenceParameters(): ReferenceParameter[] {
    return [
      ...this.gru.referenceParameters('grue'),
      ...(this.gruReverse?.referenceParameters('grue') ?? []),
      ...this.fcMu.referenceParameters('fc1'),
      ...this.fcLogvar.referenceParameters('fc2'),
      ...(this.hgUnify?.referenceParameters('hg_unify.0') ?? []),
    ];
  }

  dispose(): void {
    this.gru.dispose();
    this.gruReverse?.dispose();
    this.hgUnify?.dispose();
    this.fcMu.dispose();
    this.fcLogvar.dispose();
  }
}
