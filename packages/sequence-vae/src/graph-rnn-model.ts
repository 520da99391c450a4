import { ENAS_VOCABULARY } from '@opnas/dag';
import type { Dag } from '@opnas/dag';
import { binaryCrossEntropy } from '@opnas/decoder';
import type { DecodeOptions } from '@opnas/encoders';
import { Linear, vaeLoss } from '@opnas/encoders';
import type { GraphVae, Posterior, VaeLoss, VaeLossOptions } from '@opnas/encoders';
import { PythonRandom } from '@opnas/rng';
import { SeededInitialiser, inReferenceOrder, initialiseParameters, runReadingAsync, runReadingSync, tf } from '@opnas/runtime';
import type { ReadingComputation, ReferenceParameter, Scalar, Tensor, Tensor2D, Variable } from '@opnas/runtime';
import { chooseType } from './choose-type.js';
import { constructGraph } from './construct-graph.js';
import { SequenceVaeError } from './errors.js';
import { GruLayer } from './gru-layer.js';
import { gruSequence } from './gru-sequence.js';
import { readModelSettings } from './model-settings.js';
import type { SequenceModelOptions } from './model-settings.js';
import { sequenceBatch } from './sequence-batch.js';
import type { SequenceBatch } from './sequence-batch.js';
import { SvaeEncoder } from './svae-encoder.js';

/** Options of the `graphrnn` model (the reference's `SVAE_GraphRNN`; unidirectional only). */
export type GraphRnnModelOptions = SequenceModelOptions;

/**
 * The reference `state_dict` order (`SVAE.__init__`, then `SVAE_GraphRNN`'s additions; `grud`
 * is reassigned in place), also the order parameters are drawn in. `add_edges` is not allocated.
 */
const REFERENCE_ORDER = ['grue.', 'fc1.', 'fc2.', 'grud.', 'fc3.', 'add_vertex.0.', 'add_vertex.2.', 'grud_edge.', 'add_edge.0.', 'add_edge.2.'];

/** Reference parameters GraphRNN inherits from S-VAE but never uses (protocol §3.6). */
const UNUSED = ['add_edges.0.weight', 'add_edges.0.bias', 'add_edges.2.weight', 'add_edges.2.bias'];

/**
 * GraphRNN as the D-VAE paper adapted it (`graphrnn`, the reference's `SVAE_GraphRNN`,
 * protocol §3.6): S-VAE's encoder; a graph-level GRU (`grud`, `15 → hs` on ENAS) that starts from
 * `ReLU(fc3 z)` and reads the previous row (zeros first), whose outputs give the type logits
 * (`add_vertex`) and start an edge-level GRU (`grud_edge`, `1 → hs`) per row, which reads the
 * previous in-edge bit of that row (0 first) and scores each bit with `add_edge`
 * (`hs → hs → 1`). Trained with teacher forcing (true rows and bits as inputs); the loss is
 * S-VAE's (type cross-entropy + binary cross-entropy of all `(max_n−1)²` bits + β·KLD).
 *
 * The reference also allocates S-VAE's `add_edges`, which GraphRNN never uses; it is not
 * allocated here (ignored when a reference checkpoint is imported).
 */
export class GraphRnnModel implements GraphVae {
  readonly name = 'graphrnn';
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly beta: number;
  readonly epsScale: number;
  readonly typeCount = ENAS_VOCABULARY.names.length;
  readonly encoder: SvaeEncoder;
  /** `grud`: the graph-level GRU, `xs → hs`. */
  readonly graphGru: GruLayer;
  /** `grud_edge`: the edge-level GRU, `1 → hs`. */
  readonly edgeGru: GruLayer;
  /** `fc3`. */
  readonly fcLatent: Linear;
  /** `add_vertex.0` (`hs → hs`, ReLU) and `add_vertex.2` (`hs → nvt`). */
  readonly addVertexHidden: Linear;
  readonly addVertexOutput: Linear;
  /** `add_edge.0` (`hs → hs`, ReLU) and `add_edge.2` (`hs → 1`). */
  readonly addEdgeHidden: Linear;
  readonly addEdgeOutput: Linear;
  private readonly noise: PythonRandom;

  constructor(options: GraphRnnModelOptions = {}) {
    if ((options as { bidirectional?: unknown }).bidirectional === true) {
      // The reference's bidirectional GraphRNN runs its step-by-step decoder GRUs bidirectionally
      // too, which is not a model anyone trained.
      throw new SequenceVaeError(`@opnas/sequence-vae: 'graphrnn' is unidirectional; bidirectional is offered for 'svae' only`);
    }
    const settings = readModelSettings(options);
    this.hiddenSize = settings.hiddenSize;
    this.latentSize = settings.latentSize;
    this.maxVertices = settings.maxVertices;
    this.beta = settings.beta;
    this.epsScale = settings.epsScale;
    const hs = this.hiddenSize;
    this.encoder = new SvaeEncoder({ hiddenSize: hs, latentSize: this.latentSize, maxVertices: this.maxVertices, typeCount: this.typeCount });
    this.graphGru = new GruLayer(this.typeCount + this.maxVertices - 1, hs);
    this.edgeGru = new GruLayer(1, hs);
    this.fcLatent = new Linear(this.latentSize, hs);
    this.addVertexHidden = new Linear(hs, hs);
    this.addVertexOutput = new Linear(hs, this.typeCount);
    this.addEdgeHidden = new Linear(hs, hs);
    this.addEdgeOutput = new Linear(hs, 1);
    initialiseParameters(this.referenceParameters(), new SeededInitialiser(settings.seed));
    this.noise = new PythonRandom(settings.seed);
  }

  encode(graphs: readonly Dag[]): Posterior {
    return this.encoder.encode(graphs);
  }

  /**
   * Σ over the batch of the teacher-forced type cross-entropy and edge binary cross-entropy at
   * `z`. Row-major layout as S-VAE's: graph-level step `r` of graph `b` is row `r·B + b`; it
   * starts edge-level sequence `s = r·B + b`, whose step `k` is row `k·(T·B) + s`.
   */
  reconstruction(z: Tensor2D, graphs: readonly Dag[] | SequenceBatch): Scalar {
    const batch = 'rows' in graphs ? graphs : sequenceBatch(graphs, { maxVertices: this.maxVertices, typeCount: this.typeCount });
    this.checkLatent(z);
    const { graphs: b, steps: T, width } = batch;
    if (z.shape[0] !== b) throw new SequenceVaeError(`@opnas/sequence-vae: z has ${z.shape[0]} rows for ${b} graphs`);
    const S = T * b;
    // Graph level: [0; row_0; …; row_{T−2}].
    const graphInputs = new Float32Array(T * b * width);
    graphInputs.set(batch.rows.subarray(0, (T - 1) * b * width), b * width);
    // Edge level, per row: [0, bit_0, …, bit_{T−2}] as inputs, bits 0..T−1 as targets. An
    // input is a bit, so the input gates are a two-row table read by index.
    const edgeInputs = new Int32Array(T * S);
    const edgeTargets = new Float32Array(T * S);
    for (let s = 0; s < S; s++) {
      for (let k = 0; k < T; k++) {
        if (k > 0) edgeInputs[k * S + s] = batch.bits[s * T + k - 1]!;
        edgeTargets[k * S + s] = batch.bits[s * T + k]!;
      }
    }
    return tf.tidy(() => {
      const h0 = this.fcLatent.apply(z, 'relu');
      const out = this.graphGru.run(tf.tensor2d(graphInputs, [T * b, width]), { steps: T, initialHidden: h0 });
      const typeLogits = this.addVertexOutput.apply(this.addVertexHidden.apply(out, 'relu'));
      const typeTargets = tf.oneHot(tf.tensor1d(batch.types, 'int32'), this.typeCount).toFloat();
      const typeLoss = tf.neg(tf.sum(tf.mul(tf.logSoftmax(typeLogits), typeTargets)));
      const bitGates = this.edgeGru.cell.inputGates(tf.tensor2d([0, 1], [2, 1]));
      const edgeStates = gruSequence(bitGates, this.edgeGru.cell, { steps: T, initialHidden: out, inputRows: edgeInputs });
      const edgeLogits = this.addEdgeOutput.apply(this.addEdgeHidden.apply(edgeStates, 'relu'));
      const edgeLoss = binaryCrossEntropy(tf.sigmoid(edgeLogits), tf.tensor2d(edgeTargets, [T * S, 1]));
      return tf.add(typeLoss, edgeLoss) as Scalar;
    });
  }

  loss(graphs: readonly Dag[], options: VaeLossOptions = {}): VaeLoss {
    const batch = sequenceBatch(graphs, { maxVertices: this.maxVertices, typeCount: this.typeCount });
    const settings = { beta: this.beta, epsScale: this.epsScale, noise: this.noise };
    return vaeLoss(
      () => this.encoder.encodeBatch(batch),
      (z) => this.reconstruction(z, batch),
      settings,
      options,
    );
  }

  /**
   * One graph per row of `z` (protocol §3.6 decoding), all rows in lockstep: each graph-level step
   * reads the previous sampled row, draws a type from its softmax, then runs the edge-level
   * GRU for `max_n − 1` steps, each drawing a bit from Bernoulli(p) and feeding it to the next;
   * the graph is then built from the drawn types and bits (bits `k < j` only, END forced last,
   * an early END takes the loose ends). The reference always samples; `stochastic: false`
   * takes argmax types and bits with p > 0.5 instead.
   */
  decode(z: Tensor2D, options: DecodeOptions = {}): Dag[] {
    return runReadingSync(this.decoding(z, options));
  }

  /** {@link GraphRnnModel.decode} reading values asynchronously (the `webgpu` backend needs it). */
  decodeAsync(z: Tensor2D, options: DecodeOptions = {}): Promise<Dag[]> {
    return runReadingAsync(this.decoding(z, options));
  }

  /** The decoding, yielding the tensors whose values it samples from. */
  private *decoding(z: Tensor2D, options: DecodeOptions): ReadingComputation<Dag[]> {
    const b = this.checkLatent(z);
    const stochastic = options.stochastic ?? true;
    const random = options.random instanceof PythonRandom ? options.random : new PythonRandom(options.random ?? 0);
    const T = this.maxVertices - 1;
    const k = this.typeCount;
    const width = k + T;
    const types = new Int32Array(T * b);
    const bits = new Uint8Array(T * b * T);
    const kept: Tensor[] = [];
    try {
      let hidden = tf.keep(this.fcLatent.apply(z, 'relu'));
      kept.push(hidden);
      let input = new Float32Array(b * width);
      for (let r = 0; r < T; r++) {
        const previous = hidden;
        const rowInput = input;
        hidden = tf.keep(tf.tidy(() => this.graphGru.cell.step(this.graphGru.cell.inputGates(tf.tensor2d(rowInput, [b, width])), previous)));
        kept.push(hidden);
        const logits = yield tf.tidy(() => this.addVertexOutput.apply(this.addVertexHidden.apply(hidden, 'relu')));
        for (let i = 0; i < b; i++) types[r * b + i] = chooseType(logits, i * k, k, stochastic, random);
        let edgeHidden: Tensor2D = hidden;
        let bit = new Float32Array(b);
        for (let e = 0; e < T; e++) {
          const previousEdge = edgeHidden;
          const edgeInput = bit;
          edgeHidden = tf.keep(tf.tidy(() => this.edgeGru.cell.step(this.edgeGru.cell.inputGates(tf.tensor2d(edgeInput, [b, 1])), previousEdge)));
          kept.push(edgeHidden);
          // The superseded edge-level state is no longer needed (the graph-level one is).
          if (previousEdge !== hidden) {
            previousEdge.dispose();
            kept.splice(kept.indexOf(previousEdge), 1);
          }
          const state = edgeHidden;
          const p = yield tf.tidy(() => tf.sigmoid(this.addEdgeOutput.apply(this.addEdgeHidden.apply(state, 'relu'))));
          bit = new Float32Array(b);
          for (let i = 0; i < b; i++) {
            const on = stochastic ? random.random() < p[i]! : p[i]! > 0.5;
            bit[i] = on ? 1 : 0;
            bits[(r * b + i) * T + e] = on ? 1 : 0;
          }
        }
        input = new Float32Array(b * width);
        for (let i = 0; i < b; i++) {
          input[i * width + types[r * b + i]!] = 1;
          for (let e = 0; e < T; e++) input[i * width + k + e] = bits[(r * b + i) * T + e]!;
        }
      }
    } finally {
      tf.dispose(kept);
    }
    return Array.from({ length: b }, (_, i) =>
      constructGraph(
        (j) => types[(j - 1) * b + i]!,
        (j, source) => bits[((j - 1) * b + i) * T + source] === 1,
        { maxVertices: this.maxVertices },
      ),
    );
  }

  private checkLatent(z: Tensor2D): number {
    if (z.rank !== 2 || z.shape[1] !== this.latentSize) {
      throw new SequenceVaeError(`@opnas/sequence-vae: z must be B × ${this.latentSize}, got [${z.shape.join(', ')}]`);
    }
    return z.shape[0];
  }

  variables(): Variable[] {
    return [
      ...this.encoder.variables(),
      ...this.graphGru.variables(),
      ...this.fcLatent.variables(),
      ...this.addVertexHidden.variables(),
      ...this.addVertexOutput.variables(),
      ...this.edgeGru.variables(),
      ...this.addEdgeHidden.variables(),
      ...this.addEdgeOutput.variables(),
    ];
  }

  /** Every parameter under its reference name (protocol §3.6), in the reference `state_dict` order. */
  referenceParameters(): ReferenceParameter[] {
    return inReferenceOrder(
      [
        ...this.encoder.referenceParameters(),
        ...this.graphGru.referenceParameters('grud'),
        ...this.fcLatent.referenceParameters('fc3'),
        ...this.addVertexHidden.referenceParameters('add_vertex.0'),
        ...this.addVertexOutput.referenceParameters('add_vertex.2'),
        ...this.edgeGru.referenceParameters('grud_edge'),
        ...this.addEdgeHidden.referenceParameters('add_edge.0'),
        ...this.addEdgeOutput.referenceParameters('add_edge.2'),
      ],
      REFERENCE_ORDER,
    );
  }

  /** S-VAE's `add_edges`, which the reference GraphRNN allocates and never uses. */
  unusedReferenceParameters(): string[] {
    return [...UNUSED];
  }

  describe(): Record<string, string> {
    return { model: this.name, hiddenSize: String(this.hiddenSize), latentSize: String(this.latentSize), maxVertices: String(this.maxVertices) };
  }

  dispose(): void {
    this.encoder.dispose();
    this.graphGru.dispose();
    this.edgeGru.dispose();
    this.fcLatent.dispose();
    this.addVertexHidden.dispose();
    this.addVertexOutput.dispose();
    this.addEdgeHidden.dispose();
    this.addEdgeOutput.dispose();
  }
}
