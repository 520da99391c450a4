import { createDag } from '@opnas/dag';
import type { Dag } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import { tf } from '@opnas/runtime';
import type { Tensor, Tensor2D } from '@opnas/runtime';
import type { DecodeOptions } from '@opnas/encoders';
import type { DvaeDecoder } from './dvae-decoder.js';

/**
 * The decoder as first written, kept as a reference for the tests: lockstep decoding that, like
 * the reference code, recomputes the state of vertex t for every row of the batch after every
 * candidate edge that any row added. `DvaeDecoder.decode` recomputes only the rows that changed
 * and must give the same graphs for the same generator.
 */
export function fullRecomputeDecode(d: DvaeDecoder, z: Tensor2D, options: DecodeOptions = {}): Dag[] {
  const b = z.shape[0];
  const stochastic = options.stochastic ?? true;
  const random = options.random instanceof PythonRandom ? options.random : new PythonRandom(options.random ?? 0);
  const { start, end } = d.vocabulary;
  const n = d.maxVertices;
  const types: number[][] = Array.from({ length: b }, () => [start]);
  const masks: number[][] = Array.from({ length: b }, () => [0]);
  const finished = new Array<boolean>(b).fill(false);
  const kept: Tensor[] = [];
  const keep = <T extends Tensor>(t: T): T => {
    kept.push(tf.keep(t));
    return t;
  };
  try {
    const { h0, inputGates } = tf.tidy(() => {
      const s = start0(d, z);
      return { h0: keep(s.h0), inputGates: keep(s.inputGates) };
    });
    const finals: Tensor2D[] = [h0];
    const sourceHalves: Tensor2D[] = [keep(tf.tidy(() => d.edge.sourceHalf(h0)))];
    const messages: Tensor2D[] = [];
    let stateSum: Tensor2D = h0;
    for (let t = 1; t < n && finished.includes(false); t++) {
      // a. type
      let chosen: number[];
      if (t === n - 1) {
        chosen = new Array<number>(b).fill(end);
      } else {
        const graphState = d.graphState === 'last' ? finals[t - 1]! : stateSum;
        const logits = tf.tidy(() => d.addVertexOutput.apply(d.addVertexHidden.apply(graphState, 'relu')).dataSync());
        chosen = Array.from({ length: b }, (_, i) => (finished[i] ? start : chooseType(d, logits, i, stochastic, random)));
      }
      const active = finished.map((f) => !f);
      chosen.forEach((type, i) => {
        if (!active[i]) return;
        types[i]!.push(type);
        masks[i]!.push(0);
      });
      // b. add vertex t with no predecessors
      messages.push(keep(tf.tidy(() => d.gatedForward.messages(finals[t - 1]!, t - 1))));
      const gates = keep(tf.tidy(() => tf.gather(inputGates, tf.tensor1d(chosen, 'int32')) as Tensor2D));
      let state = keep(tf.tidy(() => d.gru.step(gates, null)));
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
        let hidden: Tensor2D | null = null;
        let targetHalf = keep(tf.tidy(() => d.edge.targetHalf(state)));
        for (let i = t - 1; i >= 0; i--) {
          const probabilities = tf.tidy(() => tf.sigmoid(d.edge.logits(sourceHalves[i]!, targetHalf)).dataSync());
          const added = scoring.map((s, g) => s && (stochastic ? random.random() < probabilities[g]! : probabilities[g]! > 0.5));
          if (!added.includes(true)) continue;
          added.forEach((a, g) => {
            if (a) masks[g]![t] = (masks[g]![t]! | (1 << i)) >>> 0;
          });
          // update(t) for every row: rows without a new edge recompute their unchanged state.
          const previous: Tensor2D | null = hidden;
          hidden = keep(
            tf.tidy((): Tensor2D => {
              const contribution = tf.mul(messages[i]!, tf.tensor2d(added.map(Number), [b, 1]));
              return (previous === null ? contribution : tf.add(previous, contribution)) as Tensor2D;
            }),
          );
          const h = hidden;
          state = keep(tf.tidy(() => d.gru.step(gates, h)));
          const s = state;
          targetHalf = keep(tf.tidy(() => d.edge.targetHalf(s)));
        }
      }
      finals.push(state);
      if (d.graphState === 'sum') {
        const previous = stateSum;
        stateSum = keep(tf.tidy(() => tf.add(previous, state) as Tensor2D));
      }
      if (t < n - 1) sourceHalves.push(keep(tf.tidy(() => d.edge.sourceHalf(state))));
    }
  } finally {
    tf.dispose(kept);
  }
  return types.map((ts, i) => createDag(ts, masks[i]!));
}

/** h_0 = GRU_d(x_START, tanh(fc3 z)) and the projected GRU inputs of every type. */
function start0(d: DvaeDecoder, z: Tensor2D): { h0: Tensor2D; inputGates: Tensor2D } {
  const b = z.shape[0];
  const inputGates = d.gru.inputGates(d.encoding.table());
  const startGates = tf.gather(inputGates, tf.fill([b], d.vocabulary.start, 'int32')) as Tensor2D;
  const h0 = d.gru.step(startGates, tf.tanh(d.fcLatent.apply(z)));
  return { h0, inputGates };
}

function chooseType(d: DvaeDecoder, logits: Float32Array | Int32Array | Uint8Array, row: number, stochastic: boolean, random: PythonRandom): number {
  const k = d.encoding.typeCount;
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
