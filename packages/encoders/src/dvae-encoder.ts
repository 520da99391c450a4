import type { Dag } from '@opnas/dag';
import { OneHotEncoding } from '@opnas/op-embed';
import type { OperationEncoding } from '@opnas/op-embed';
import { tf } from '@opnas/runtime';
import type { ReferenceParameter, Tensor2D, Variable } from '@opnas/runtime';
import { checkGraphs } from './check-graphs.js';
import { checkSizes } from './check-sizes.js';
import { EncoderError } from './errors.js';
import { GatedMessage } from './gated-message.js';
import { gatedRecurrence } from './gated-recurrence.js';
import type { RecurrenceStep } from './gated-recurrence.js';
import type { GraphEncoder, Posterior } from './graph-encoder.js';
import { GruCell } from './gru-cell.js';
import { Linear } from './linear.js';

/** Options of {@link DvaeEncoder}; defaults are the paper's (protocol §3). */
export interface DvaeEncoderOptions {
  /** Hidden size `hs`. Default 501. */
  readonly hiddenSize?: number;
  /** Latent size `nz`. Default 56. */
  readonly latentSize?: number;
  /** Largest vertex count (`max_n`, the length of the vertex-index one-hot). Default 8. */
  readonly maxVertices?: number;
  /** Run the backward pass and unify both directions with `hg_unify`. Default `true`. */
  readonly bidirectional?: boolean;
  /** How types enter the GRUs. Default: a new one-hot over 8 types (owned by the encoder). */
  readonly encoding?: OperationEncoding;
  /**
   * The forward gate/mapper. The decoder shares it (protocol §3.1), so a model passes one instance
   * to both; the encoder then does not list it among its own parameters. Default: its own.
   */
  readonly gatedForward?: GatedMessage;
}

/**
 * D-VAE's encoder (protocol §2.3, §3.1): a GRU visits the vertices in topological (index) order,
 * each vertex taking the gated sum of its predecessors' messages as its hidden input; a second
 * GRU does the same backwards over successors; `hg_unify` maps `[h^f_last ; h^b_0]` to the
 * graph state, and `fc1`/`fc2` give μ and log σ².
 *
 * Every step is batched over the graphs. A vertex's message is computed once, when its state
 * is final, and reused by all its receivers.
 */
export class DvaeEncoder implements GraphEncoder {
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly bidirectional: boolean;
  readonly encoding: OperationEncoding;
  readonly gruForward: GruCell;
  readonly gruBackward: GruCell | null;
  readonly gatedForward: GatedMessage;
  readonly gatedBackward: GatedMessage | null;
  readonly hgUnify: Linear | null;
  readonly fcMu: Linear;
  readonly fcLogvar: Linear;
  private readonly ownsEncoding: boolean;
  private readonly ownsGatedForward: boolean;

  constructor(options: DvaeEncoderOptions = {}) {
    this.hiddenSize = options.hiddenSize ?? 501;
    this.latentSize = options.latentSize ?? 56;
    this.maxVertices = options.maxVertices ?? 8;
    this.bidirectional = options.bidirectional ?? true;
    checkSizes('', { hiddenSize: this.hiddenSize, latentSize: this.latentSize, maxVertices: this.maxVertices });
    this.ownsEncoding = options.encoding === undefined;
    this.encoding = options.encoding ?? new OneHotEncoding();
    this.ownsGatedForward = options.gatedForward === undefined;
    this.gatedForward = options.gatedForward ?? new GatedMessage(this.hiddenSize, this.maxVertices);
    if (this.gatedForward.hiddenSize !== this.hiddenSize || this.gatedForward.maxVertices !== this.maxVertices) {
      throw new EncoderError(
        `@opnas/encoders: gatedForward is for hiddenSize ${this.gatedForward.hiddenSize} and maxVertices ${this.gatedForward.maxVertices}, the encoder for ${this.hiddenSize} and ${this.maxVertices}`,
      );
    }
    const hs = this.hiddenSize;
    this.gruForward = new GruCell(this.encoding.size, hs);
    this.gruBackward = this.bidirectional ? new GruCell(this.encoding.size, hs) : null;
    this.gatedBackward = this.bidirectional ? new GatedMessage(hs, this.maxVertices) : null;
    this.hgUnify = this.bidirectional ? new Linear(2 * hs, hs) : null;
    this.fcMu = new Linear(hs, this.latentSize);
    this.fcLogvar = new Linear(hs, this.latentSize);
  }

  encode(graphs: readonly Dag[]): Posterior {
    checkGraphs(graphs, { maxVertices: this.maxVertices, typeCount: this.encoding.typeCount });
    return tf.tidy(() => {
      const forward = this.pass(graphs, 'forward');
      const counts = graphs.map((g) => g.types.length);
      const n = forward.length;
      let hfLast: Tensor2D;
      if (counts.every((c) => c === n)) {
        hfLast = forward[n - 1]!;
      } else {
        // Graphs of different sizes: pick each graph's own last vertex.
        const b = graphs.length;
        hfLast = tf.gather(
          tf.concat(forward, 0),
          tf.tensor1d(
            counts.map((c, i) => (c - 1) * b + i),
            'int32',
          ),
        );
      }
      let hg = hfLast;
      if (this.bidirectional) {
        const backward = this.pass(graphs, 'backward');
        hg = this.hgUnify!.apply(tf.concat([hfLast, backward[0]!], 1));
      }
      const mu = this.fcMu.apply(hg);
      const logvar = this.fcLogvar.apply(hg);
      return { mu, logvar };
    });
  }

  /** States of vertices `0..n−1` (n = the largest graph) after one directional pass. */
  private pass(graphs: readonly Dag[], direction: 'forward' | 'backward'): Tensor2D[] {
    const gru = direction === 'forward' ? this.gruForward : this.gruBackward!;
    const gated = direction === 'forward' ? this.gatedForward : this.gatedBackward!;
    const b = graphs.length;
    const n = Math.max(...graphs.map((g) => g.types.length));
    const order = Array.from({ length: n }, (_, k) => (direction === 'forward' ? k : n - 1 - k));
    // neighbour(g, v, u): does u send to v in graph g during this pass?
    const sends =
      direction === 'forward'
        ? (g: Dag, v: number, u: number) => v < g.types.length && ((g.inMasks[v]! >>> u) & 1) === 1
        : (g: Dag, v: number, u: number) => u < g.types.length && ((g.inMasks[u]! >>> v) & 1) === 1;
    // Rows in pass order; a vertex's hidden input sums the messages of its neighbours, which
    // were all sent by earlier steps (stacked step by step, B rows each).
    const types = new Int32Array(n * b);
    const steps: RecurrenceStep[] = order.map((v, step) => {
      graphs.forEach((g, i) => (types[step * b + i] = g.types[v] ?? 0));
      let select: Float32Array | null = null;
      graphs.forEach((g, i) => {
        for (let j = 0; j < step; j++) {
          if (sends(g, v, order[j]!)) {
            select ??= new Float32Array(b * step * b);
            select[i * step * b + j * b + i] = 1;
          }
        }
      });
      return { rows: b, select, senders: step < n - 1 ? b : 0, senderIndex: v };
    });
    const inputGates = tf.gather(gru.inputGates(this.encoding.table()), tf.tensor1d(types, 'int32')) as Tensor2D;
    const states = tf.split(gatedRecurrence(steps, { inputGates, gru, gated }), n, 0) as Tensor2D[];
    return order.map((_, k) => states[order.indexOf(k)]!);
  }

  variables(): Variable[] {
    return [
      ...(this.ownsEncoding ? this.encoding.variables() : []),
      ...this.gruForward.variables(),
      ...(this.gruBackward?.variables() ?? []),
      ...(this.ownsGatedForward ? this.gatedForward.variables() : []),
      ...(this.gatedBackward?.variables() ?? []),
      ...(this.hgUnify?.variables() ?? []),
      ...this.fcMu.variables(),
      ...this.fcLogvar.variables(),
    ];
  }

  /**
   * The reference names (protocol §12): `grue_forward.*`, `grue_backward.*`, `fc1.*` (μ), `fc2.*`
   * (log σ²), `gate_backward.0.*`, `mapper_backward.0.weight`, `hg_unify.0.*`, plus
   * `gate_forward.0.*`/`mapper_forward.0.weight` and `embeddings.weight` when the encoder
   * owns them.
   */
  referenceParameters(): ReferenceParameter[] {
    return [
      ...(this.ownsEncoding ? this.encoding.referenceParameters() : []),
      ...this.gruForward.referenceParameters('grue_forward'),
      ...(this.gruBackward?.referenceParameters('grue_backward') ?? []),
      ...this.fcMu.referenceParameters('fc1'),
      ...this.fcLogvar.referenceParameters('fc2'),
      ...(this.ownsGatedForward ? this.gatedForward.referenceParameters('gate_forward', 'mapper_forward') : []),
      ...(this.gatedBackward?.referenceParameters('gate_backward', 'mapper_backward') ?? []),
      ...(this.hgUnify?.referenceParameters('hg_unify.0') ?? []),
    ];
  }

  dispose(): void {
    if (this.ownsEncoding) this.encoding.dispose();
    if (this.ownsGatedForward) this.gatedForward.dispose();
    this.gruForward.dispose();
    this.gruBackward?.dispose();
    this.gatedBackward?.dispose();
    this.hgUnify?.dispose();
    this.fcMu.dispose();
    this.fcLogvar.dispose();
  }
}
