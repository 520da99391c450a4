import { ENAS_VOCABULARY } from '@opnas/dag';
import type { Dag } from '@opnas/dag';
import { binaryCrossEntropy } from '@opnas/decoder';
import type { DecodeOptions } from '@opnas/encoders';
import { Linear, vaeLoss } from '@opnas/encoders';
import type { GraphVae, Posterior, VaeLoss, VaeLossOptions } from '@opnas/encoders';
import { PythonRandom } from '@opnas/rng';
import { SeededInitialiser, inReferenceOrder, initialiseParameters, runReadingAsync, runReadingSync, tf } from '@opnas/runtime';
import type { ReadingComputation, ReferenceParameter, Scalar, Tensor2D, Variable } from '@opnas/runtime';
import { chooseType } from './choose-type.js';
import { constructGraph } from './construct-graph.js';
import { SequenceVaeError } from './errors.js';
import { GruLayer } from './gru-layer.js';
import { readModelSettings } from './model-settings.js';
import type { SequenceModelOptions } from './model-settings.js';
import { sequenceBatch } from './sequence-batch.js';
import type { SequenceBatch } from './sequence-batch.js';
import { SvaeEncoder } from './svae-encoder.js';

/** Options of the `svae` model. */
export interface SvaeModelOptions extends SequenceModelOptions {
  /**
   * Bidirectional encoder GRU. Default `false` (both papers; protocol §3). The per-graph states are
   * concatenated correctly, *not* with the reference's reshape bug (protocol §10.2 item 14).
   */
  readonly bidirectional?: boolean;
}

/** The reference `state_dict` order (`SVAE.__init__`), also the order parameters are drawn in. */
const REFERENCE_ORDER = ['grue.', 'fc1.', 'fc2.', 'grud.', 'fc3.', 'add_vertex.0.', 'add_vertex.2.', 'add_edges.0.', 'add_edges.2.', 'hg_unify.'];

/**
 * S-VAE (`svae`, protocol §3.5): the graph as a sequence of its `max_n − 1` adjacency rows
 * (protocol §1.5). The encoder GRU reads the rows; the decoder GRU (`grud`, `hs → hs`) is fed
 * `ReLU(fc3 z)` at every step from a zero state, and two MLPs read its outputs: `add_vertex`
 * (type logits) and `add_edges` (the probabilities of the in-edges from vertices `0..max_n−2`).
 * The reconstruction loss is the summed cross-entropy of the types plus the binary
 * cross-entropy of all `(max_n−1)²` edge entries, impossible ones included (49 on ENAS).
 */
export class SvaeModel implements GraphVae {
  readonly name = 'svae';
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly beta: number;
  readonly epsScale: number;
  readonly bidirectional: boolean;
  readonly typeCount = ENAS_VOCABULARY.names.length;
  readonly encoder: SvaeEncoder;
  /** `grud`: `hs → hs`. */
  readonly decoderGru: GruLayer;
  /** `fc3`. */
  readonly fcLatent: Linear;
  /** `add_vertex.0` (`hs → hs`, ReLU) and `add_vertex.2` (`hs → nvt`). */
  readonly addVertexHidden: Linear;
  readonly addVertexOutput: Linear;
  /** `add_edges.0` (`hs → hs`, ReLU) and `add_edges.2` (`hs → max_n − 1`). */
  readonly addEdgesHidden: Linear;
  readonly addEdgesOutput: Linear;
  private readonly noise: PythonRandom;

  constructor(options: SvaeModelOptions = {}) {
    const settings = readModelSettings(options);
    this.hiddenSize = settings.hiddenSize;
    this.latentSize = settings.latentSize;
    this.maxVertices = settings.maxVertices;
    this.beta = settings.beta;
    this.epsScale = settings.epsScale;
    this.bidirectional = options.bidirectional ?? false;
    const hs = this.hiddenSize;
    this.encoder = new SvaeEncoder({ hiddenSize: hs, latentSize: this.latentSize, maxVertices: this.maxVertices, typeCount: this.typeCount, bidirectional: this.bidirectional });
    this.decoderGru = new GruLayer(hs, hs);
    this.fcLatent = new Linear(this.latentSize, hs);
    this.addVertexHidden = new Linear(hs, hs);
    this.addVertexOutput = new Linear(hs, this.typeCount);
    this.addEdgesHidden = new Linear(hs, hs);
    this.addEdgesOutput = new Linear(hs, this.maxVertices - 1);
    initialiseParameters(this.referenceParameters(), new SeededInitialiser(settings.seed));
    this.noise = new PythonRandom(settings.seed);
  }

  encode(graphs: readonly Dag[]): Posterior {
    return this.encoder.encode(graphs);
  }

  /**
   * The decoder's scores for latents `z` (`B × nz`), time-major (row `t·B + b` is row `t`,
   * vertex `t + 1`, of graph `b`): type logits (`T·B × nvt`) and edge logits (`T·B × T`; the
   * edge probabilities are their sigmoid).
   */
  scores(z: Tensor2D): { typeLogits: Tensor2D; edgeLogits: Tensor2D } {
    this.checkLatent(z);
    return tf.tidy(() => {
      const h0 = this.fcLatent.apply(z, 'relu');
      // The same input at every step: its gates are computed once.
      const out = this.decoderGru.run(h0, { steps: this.maxVertices - 1, repeatInput: true });
      return {
        typeLogits: this.addVertexOutput.apply(this.addVertexHidden.apply(out, 'relu')),
        edgeLogits: this.addEdgesOutput.apply(this.addEdgesHidden.apply(out, 'relu')),
      };
    });
  }

  /** Σ over the batch of the type cross-entropy and the edge binary cross-entropy at `z`. */
  reconstruction(z: Tensor2D, graphs: readonly Dag[] | SequenceBatch): Scalar {
    const batch = 'rows' in graphs ? graphs : sequenceBatch(graphs, { maxVertices: this.maxVertices, typeCount: this.typeCount });
    if (z.shape[0] !== batch.graphs) throw new SequenceVaeError(`@opnas/sequence-vae: z has ${z.shape[0]} rows for ${batch.graphs} graphs`);
    return tf.tidy(() => {
      const { typeLogits, edgeLogits } = this.scores(z);
      const T = batch.steps;
      const typeTargets = tf.oneHot(tf.tensor1d(batch.types, 'int32'), this.typeCount).toFloat();
      const typeLoss = tf.neg(tf.sum(tf.mul(tf.logSoftmax(typeLogits), typeTargets)));
      const edgeLoss = binaryCrossEntropy(tf.sigmoid(edgeLogits), tf.tensor2d(batch.bits, [T * batch.graphs, T]));
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
   * One graph per row of `z` (protocol §3.5 decoding): graph by graph, a type drawn from the
   * softmax of each row (END forced at the last), then each candidate in-edge `k → j`,
   * `k = 0..j−1`, with its probability; an early END takes the loose ends and stops.
   * `stochastic: false` takes argmax types and edges with p > 0.5 instead.
   */
  decode(z: Tensor2D, options: DecodeOptions = {}): Dag[] {
    return runReadingSync(this.decoding(z, options));
  }

  /** {@link SvaeModel.decode} reading values asynchronously (the `webgpu` backend needs it). */
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
    const scores = tf.tidy(() => {
      const s = this.scores(z);
      return { typeLogits: s.typeLogits, edgeProbabilities: tf.sigmoid(s.edgeLogits) };
    });
    const logits = yield scores.typeLogits;
    const probabilities = yield scores.edgeProbabilities;
    return Array.from({ length: b }, (_, i) =>
      constructGraph(
        (j) => chooseType(logits, ((j - 1) * b + i) * k, k, stochastic, random),
        (j, source) => {
          const p = probabilities[((j - 1) * b + i) * T + source]!;
          return stochastic ? random.random() < p : p > 0.5;
        },
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
      ...this.decoderGru.variables(),
      ...this.fcLatent.variables(),
      ...this.addVertexHidden.variables(),
      ...this.addVertexOutput.variables(),
      ...this.addEdgesHidden.variables(),
      ...this.addEdgesOutput.variables(),
    ];
  }

  /** Every parameter under its reference name (protocol §3.5), in the reference `state_dict` order. */
  referenceParameters(): ReferenceParameter[] {
    return inReferenceOrder(
      [
        ...this.encoder.referenceParameters(),
        ...this.decoderGru.referenceParameters('grud'),
        ...this.fcLatent.referenceParameters('fc3'),
        ...this.addVertexHidden.referenceParameters('add_vertex.0'),
        ...this.addVertexOutput.referenceParameters('add_vertex.2'),
        ...this.addEdgesHidden.referenceParameters('add_edges.0'),
        ...this.addEdgesOutput.referenceParameters('add_edges.2'),
      ],
      REFERENCE_ORDER,
    );
  }

  /** A bidirectional reference S-VAE also builds `hv_unify`, which it never uses. */
  unusedReferenceParameters(): string[] {
    return this.bidirectional ? ['hv_unify.0.weight', 'hv_unify.0.bias'] : [];
  }

  describe(): Record<string, string> {
    return {
      model: this.name,
      hiddenSize: String(this.hiddenSize),
      latentSize: String(this.latentSize),
      maxVertices: String(this.maxVertices),
      bidirectional: String(this.bidirectional),
    };
  }

  dispose(): void {
    this.encoder.dispose();
    this.decoderGru.dispose();
    this.fcLatent.dispose();
    this.addVertexHidden.dispose();
    this.addVertexOutput.dispose();
    this.addEdgesHidden.dispose();
    this.addEdgesOutput.dispose();
  }
}
