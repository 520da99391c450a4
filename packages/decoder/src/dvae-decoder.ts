import { ENAS_VOCABULARY, createDag } from '@opnas/dag';
import type { Dag, OperationVocabulary } from '@opnas/dag';
import { GatedMessage, GruCell, Linear, checkGraphs, gatedRecurrence } from '@opnas/encoders';
import type { DecodeOptions } from '@opnas/encoders';
import { positiveInteger } from '@opnas/errors';
import type { OperationEncoding } from '@opnas/op-embed';
import { PythonRandom } from '@opnas/rng';
import { runReadingAsync, runReadingSync, tf } from '@opnas/runtime';
import type { ReadingComputation, ReferenceParameter, Scalar, Tensor, Tensor2D, Variable } from '@opnas/runtime';
import { binaryCrossEntropy } from './binary-cross-entropy.js';
import { EdgeScorer } from './edge-scorer.js';
import { planTeacherForcing } from './teacher-forcing-plan.js';
import { DecoderError, invalidArgument } from './errors.js';

/**
 * What `add_vertex` sees while decoding: `'last'` — the state of the last added vertex (D-VAE,
 * protocol §3.1); `'sum'` — the sum of the states of all vertices so far (DVAE_GCN, protocol §3.3).
 */
export type GraphStateRule = 'last' | 'sum';

/** Options of {@link DvaeDecoder}; defaults are the paper's (protocol §3). */
export interface DvaeDecoderOptions {
  /** The operation encoding shared with the encoder (its table feeds `grud`). */
  readonly encoding: OperationEncoding;
  /** The forward gate/mapper shared with the encoder (protocol §3.1). */
  readonly gatedForward: GatedMessage;
  /** Latent size `nz`. Default 56. */
  readonly latentSize?: number;
  /** Default `'last'`. */
  readonly graphState?: GraphStateRule;
  /** START and END type ids. Default ENAS (0 and 1). */
  readonly vocabulary?: OperationVocabulary;
}

/**
 * D-VAE's decoder (protocol §3.1): the teacher-forced log-likelihood used in training and batched
 * stochastic or greedy decoding. It shares the operation encoding and the forward gate/mapper
 * with the encoder.
 *
 * The teacher-forced likelihood is computed exactly, in 8 sequential steps rather than the
 * reference's ~60 (protocol §11.1): the reference recomputes `update(t)` from scratch from the
 * current predecessors, and in teacher forcing those sets are known in advance, so all states
 * of vertex t are one batched GRU call over prefix sums of (cached) messages; all edge and type
 * logits are then one batched MLP each.
 */
export class DvaeDecoder {
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly graphState: GraphStateRule;
  readonly vocabulary: OperationVocabulary;
  readonly encoding: OperationEncoding;
  readonly gatedForward: GatedMessage;
  readonly gru: GruCell;
  readonly fcLatent: Linear;
  readonly addVertexHidden: Linear;
  readonly addVertexOutput: Linear;
  readonly edge: EdgeScorer;

  constructor(options: DvaeDecoderOptions) {
    this.encoding = options.encoding;
    this.gatedForward = options.gatedForward;
    this.hiddenSize = options.gatedForward.hiddenSize;
    this.maxVertices = options.gatedForward.maxVertices;
    this.latentSize = options.latentSize ?? 56;
    this.graphState = options.graphState ?? 'last';
    this.vocabulary = options.vocabulary ?? ENAS_VOCABULARY;
    positiveInteger(this.latentSize, 'latentSize', invalidArgument);
    if (this.graphState !== 'last' && this.graphState !== 'sum') {
      throw new DecoderError(`@opnas/decoder: graphState must be 'last' or 'sum', got '${String(this.graphState)}'`);
    }
    if (this.vocabulary.names.length !== this.encoding.typeCount) {
      throw new DecoderError(`@opnas/decoder: the vocabulary has ${this.vocabulary.names.length} types but the encoding ${this.encoding.typeCount}`);
    }
    const hs = this.hiddenSize;
    this.gru = new GruCell(this.encoding.size, hs);
    this.fcLatent = new Linear(this.latentSize, hs);
    this.addVertexHidden = new Linear(hs, 2 * hs);
    this.addVertexOutput = new Linear(2 * hs, this.encoding.typeCount);
    this.edge = new EdgeScorer(hs);
  }

  private checkLatent(z: Tensor2D, what: string): number {
    if (z.rank !== 2 || z.shape[1] !== this.latentSize) {
      throw new DecoderError(`@opnas/decoder: ${what} must be B × ${this.latentSize}, got [${z.shape.join(', ')}]`);
    }
    return z.shape[0];
  }

  /** h_0 = GRU_d(x_START, tanh(fc3 z)) and the projected GRU inputs of every type. */
  private start(z: Tensor2D): { h0: Tensor2D; inputGates: Tensor2D } {
    const b = z.shape[0];
    const inputGates = this.gru.inputGates(this.encoding.table());
    const startGates = tf.gather(inputGates, tf.fill([b], this.vocabulary.start, 'int32')) as Tensor2D;
    const h0 = this.gru.step(startGates, tf.tanh(this.fcLatent.apply(z)));
    return { h0, inputGates };
  }

  /**
   * Σ over the batch of the teacher-forced log-likelihood of `graphs` given `z` (row b of `z`
   * for graph b): the 7 type log-probabilities (END included) and the 28 edge log-likelihoods
   * per ENAS graph, edges scored in descending source order with the state of t that includes
   * the true edges from closer sources (protocol §3.1). The reconstruction loss is its negation.
   *
   * All graphs must have the same vertex count (the reference pads shorter graphs with START
   * targets; that rule is not reproduced).
   */
  logLikelihood(z: Tensor2D, graphs: readonly Dag[]): Scalar {
    checkGraphs(graphs, { maxVertices: this.maxVertices, typeCount: this.encoding.typeCount }, '@opnas/decoder');
    const b = this.checkLatent(z, 'z');
    if (b !== graphs.length) throw new DecoderError(`@opnas/decoder: z has ${b} rows for ${graphs.length} graphs`);
    const n = graphs[0]!.types.length;
    graphs.forEach((g, i) => {
      if (g.types.length !== n) throw new DecoderError(`@opnas/decoder: graphs[${i}] has ${g.types.length} vertices, graphs[0] ${n}; a batch needs one vertex count`);
    });
    if (n < 2) throw new DecoderError('@opnas/decoder: graphs need at least 2 vertices');

    const plan = planTeacherForcing(graphs, { startType: this.vocabulary.start, typeCount: this.encoding.typeCount });
    const typeCount = this.encoding.typeCount;
    const hs = this.hiddenSize;
    return tf.tidy(() => {
      const inputGatesTable = this.gru.inputGates(this.encoding.table());
      const states = gatedRecurrence(plan.steps, {
        inputGates: tf.gather(inputGatesTable, tf.tensor1d(plan.rowTypes, 'int32')) as Tensor2D,
        initialHidden: tf.tanh(this.fcLatent.apply(z)) as Tensor2D,
        gru: this.gru,
        gated: this.gatedForward,
      });
      // Final states of vertices 0..n−2: the edge sources and the type decisions' graph states.
      const sources = tf.gather(states, tf.tensor1d(plan.finalRows, 'int32')) as Tensor2D;
      let graphStates = sources;
      if (this.graphState === 'sum') {
        // Prefix sums over the vertices as a product with a lower-triangular matrix of ones:
        // tfjs 4.22's Cumsum gradient transposes its result for any axis but the last, so
        // `tf.cumsum(·, 0)` cannot be differentiated here.
        const lower = new Float32Array((n - 1) * (n - 1));
        for (let i = 0; i < n - 1; i++) for (let j = 0; j <= i; j++) lower[i * (n - 1) + j] = 1;
        graphStates = tf.reshape(tf.matMul(tf.tensor2d(lower, [n - 1, n - 1]), tf.reshape(sources, [n - 1, b * hs])), [(n - 1) * b, hs]) as Tensor2D;
      }
      const typeLogits = this.addVertexOutput.apply(this.addVertexHidden.apply(graphStates, 'relu'));
      const typeLogLik = tf.sum(tf.mul(tf.logSoftmax(typeLogits), tf.tensor2d(plan.typeTargets, [(n - 1) * b, typeCount])));
      // Edge terms: every (t, i) pair of every graph in one MLP. Target states: the used rows,
      // then the per-type states with no edge yet.
      const typeStates = this.gru.step(inputGatesTable, null);
      const targetStates = (plan.usedRows.length === 0 ? typeStates : tf.concat([tf.gather(states, tf.tensor1d(plan.usedRows, 'int32')), typeStates], 0)) as Tensor2D;
      const sourceHalves = tf.gather(this.edge.sourceHalf(sources), tf.tensor1d(plan.sourceRows, 'int32')) as Tensor2D;
      const targetHalves = tf.gather(this.edge.targetHalf(targetStates), tf.tensor1d(plan.targetRows, 'int32')) as Tensor2D;
      const p = tf.sigmoid(this.edge.logits(sourceHalves, targetHalves));
      const edgeLogLik = tf.neg(binaryCrossEntropy(p, tf.tensor2d(plan.truth, [plan.truth.length, 1])));
      return tf.add(typeLogLik, edgeLogLik) as Scalar;
    });
  }

  /**
   * Decodes one graph per row of `z` (protocol §3.1 `decode`), all rows in lockstep: START, then
   * for t = 1..maxVertices−1 a type (END forced at the last step; any type may be drawn,
   * START included, which makes the graph invalid, and END ends it early), then candidate
   * edges from t−1 down to 0, each scored with the state of t that includes the edges already
   * added. An END vertex instead takes an edge from every vertex without successors.
   *
   * Exact shortcuts (protocol §10.2 item 7, §11.1): the state of a new vertex without edges depends
   * on its type only, so it and its target half are computed once per type; after an edge is
   * added only the rows that added one are recomputed (the reference recomputes every row,
   * whose state is unchanged); and after the last candidate (source 0) the target half is not
   * needed. Each row's numbers, and so the graphs for a given generator, are the same as when
   * every row is recomputed.
   */
  decode(z: Tensor2D, options: DecodeOptions = {}): Dag[] {
    return runReadingSync(this.decoding(z, options));
  }

  /** {@link DvaeDecoder.decode} reading values asynchronously (the `webgpu` backend needs it). */
  decodeAsync(z: Tensor2D, options: DecodeOptions = {}): Promise<Dag[]> {
    return runReadingAsync(this.decoding(z, options));
  }

  /** The decoding, yielding the tensors whose values it samples from. */
  private *decoding(z: Tensor2D, options: DecodeOptions): ReadingComputation<Dag[]> {
    const b = this.checkLatent(z, 'z');
    const stochastic = options.stochastic ?? true;
    const random = options.random instanceof PythonRandom ? options.random : new PythonRandom(options.random ?? 0);
    const { start, end } = this.vocabulary;
    const n = this.maxVertices;
    const types: number[][] = Array.from({ length: b }, () => [start]);
    const masks: number[][] = Array.from({ length: b }, () => [0]);
    const finished = new Array<boolean>(b).fill(false);
    const kept: Tensor[] = [];
    const keep = <T extends Tensor>(t: T): T => {
      kept.push(tf.keep(t));
      return t;
    };
    const release = (t: Tensor): void => {
      const k = kept.indexOf(t);
      if (k >= 0) kept.splice(k, 1);
      t.dispose();
    };
    try {
      const { h0, inputGates, typeStates, typeTargetHalves } = tf.tidy(() => {
        const s = this.start(z);
        // The state of a vertex before any edge, and its target half, for each type.
        const states = this.gru.step(s.inputGates, null);
        return { h0: keep(s.h0), inputGates: keep(s.inputGates), typeStates: keep(states), typeTargetHalves: keep(this.edge.targetHalf(states)) };
      });
      const finals: Tensor2D[] = [h0];
      const sourceHalves: Tensor2D[] = [keep(tf.tidy(() => this.edge.sourceHalf(h0)))];
      const messages: Tensor2D[] = [];
      let stateSum: Tensor2D = h0;
      for (let t = 1; t < n && finished.includes(false); t++) {
        // a. type
        let chosen: number[];
        if (t === n - 1) {
          chosen = new Array<number>(b).fill(end);
        } else {
          const graphState = this.graphState === 'last' ? finals[t - 1]! : stateSum;
          const logits = yield tf.tidy(() => this.addVertexOutput.apply(this.addVertexHidden.apply(graphState, 'relu')));
          chosen = Array.from({ length: b }, (_, i) => (finished[i] ? start : this.chooseType(logits, i, stochastic, random)));
        }
        const active = finished.map((f) => !f);
        chosen.forEach((type, i) => {
          if (!active[i]) return;
          types[i]!.push(type);
          masks[i]!.push(0);
        });
        // b. add vertex t with no predecessors
        messages.push(keep(tf.tidy(() => this.gatedForward.messages(finals[t - 1]!, t - 1))));
        const typeIndex = keep(tf.tensor1d(chosen, 'int32'));
        let state = keep(tf.tidy(() => tf.gather(typeStates, typeIndex) as Tensor2D));
        // c. edges; an END vertex takes every loose end instead
        const scoring = active.map((a, i) => a && chosen[i] !== end);
        active.forEach((a, i) => {
          if (!a || chosen[i] !== end) return;
          const outDegree = new Array<number>(t).fill(0);
          masks[i]!.forEach((m) => {
            for (let u = 0; u < t; u++) if ((m >>> u) & 1) outDegree[u]!++;
          });
          let mask = 0;
          for (let u = 0; u < t; u++) if (outDegree[u] === 0) mask |= 1 << u;
          masks[i]![t] = mask >>> 0;
          finished[i] = true;
        });
        if (scoring.includes(true)) {
          const gates = keep(tf.tidy(() => tf.gather(inputGates, typeIndex) as Tensor2D));
          let hidden = keep(tf.zeros([b, this.hiddenSize]) as Tensor2D);
          let targetHalf = keep(tf.tidy(() => tf.gather(typeTargetHalves, typeIndex) as Tensor2D));
          for (let i = t - 1; i >= 0; i--) {
            const probabilities = yield tf.tidy(() => tf.sigmoid(this.edge.logits(sourceHalves[i]!, targetHalf)));
            const rows: number[] = [];
            scoring.forEach((s, g) => {
              if (s && (stochastic ? random.random() < probabilities[g]! : probabilities[g]! > 0.5)) rows.push(g);
            });
            if (rows.length === 0) continue;
            for (const g of rows) masks[g]![t] = (masks[g]![t]! | (1 << i)) >>> 0;
            // update(t) for the rows that added an edge; the others keep their state.
            const previous = { hidden, state, targetHalf };
            const next = tf.tidy(() => {
              const rowIndex = tf.tensor1d(rows, 'int32');
              const rowHidden = tf.add(tf.gather(previous.hidden, rowIndex), tf.gather(messages[i]!, rowIndex)) as Tensor2D;
              const rowState = this.gru.step(tf.gather(gates, rowIndex) as Tensor2D, rowHidden);
              // Write the updated rows back into copies of the batch tensors.
              const at = tf.tensor2d(rows, [rows.length, 1], 'int32');
              const scatter = (full: Tensor2D, part: Tensor2D) => tf.tensorScatterUpdate(full, at, part) as Tensor2D;
              return {
                hidden: keep(scatter(previous.hidden, rowHidden)),
                state: keep(scatter(previous.state, rowState)),
                // The last candidate's target half would never be used.
                targetHalf: i > 0 ? keep(scatter(previous.targetHalf, this.edge.targetHalf(rowState))) : previous.targetHalf,
              };
            });
            release(previous.hidden);
            release(previous.state);
            if (next.targetHalf !== previous.targetHalf) release(previous.targetHalf);
            ({ hidden, state, targetHalf } = next);
          }
          release(hidden);
          release(targetHalf);
          release(gates);
        }
        release(typeIndex);
        finals.push(state);
        if (this.graphState === 'sum') {
          const previous = stateSum;
          stateSum = keep(tf.tidy(() => tf.add(previous, state) as Tensor2D));
        }
        if (t < n - 1) sourceHalves.push(keep(tf.tidy(() => this.edge.sourceHalf(state))));
      }
    } finally {
      tf.dispose(kept);
    }
    return types.map((ts, i) => createDag(ts, masks[i]!));
  }

  private chooseType(logits: Float32Array | Int32Array | Uint8Array, row: number, stochastic: boolean, random: PythonRandom): number {
    const k = this.encoding.typeCount;
    const values = Array.from(logits.subarray(row * k, row * k + k));
    if (!stochastic) return values.indexOf(Math.max(...values));
    const max = Math.max(...values);
    const weights = values.map((v) => Math.exp(v - max));
    let u = random.random() * weights.reduce((s, w) => s + w, 0);
    for (let c = 0; c < k; c++) {
      u -= weights[c]!;
      if (u < 0) return c;
    }
    return k - 1;
  }

  variables(): Variable[] {
    return [...this.gru.variables(), ...this.fcLatent.variables(), ...this.addVertexHidden.variables(), ...this.addVertexOutput.variables(), ...this.edge.variables()];
  }

  /** `grud.*`, `fc3.*`, `add_vertex.0.*`, `add_vertex.2.*`, `add_edge.0.*`, `add_edge.2.*` (protocol §12). */
  referenceParameters(): ReferenceParameter[] {
    return [
      ...this.gru.referenceParameters('grud'),
      ...this.fcLatent.referenceParameters('fc3'),
      ...this.addVertexHidden.referenceParameters('add_vertex.0'),
      ...this.addVertexOutput.referenceParameters('add_vertex.2'),
      ...this.edge.referenceParameters('add_edge'),
    ];
  }

  dispose(): void {
    this.gru.dispose();
    this.fcLatent.dispose();
    this.addVertexHidden.dispose();
    this.addVertexOutput.dispose();
    this.edge.dispose();
  }
}
