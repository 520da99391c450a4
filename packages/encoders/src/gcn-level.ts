import type { Dag } from '@opnas/dag';
import { onDeviceBackend, tf } from '@opnas/runtime';
import type { Tensor, Tensor1D, Tensor2D } from '@opnas/runtime';
import { EncoderError } from './errors.js';
import { gcnLevelOnDevice } from './gcn-level-on-device.js';

/**
 * How a GCN level updates its vertices (protocol §3.3, §10.1 item 6):
 * - `'in-place'` — the reference: vertices are visited in index order and each new state is
 *   stored at once, so a vertex sees its predecessors' states *of this level* and its own state
 *   of the previous level (Gauss–Seidel).
 * - `'simultaneous'` — the textbook GCN the paper describes: every vertex sees the previous
 *   level's states only.
 */
export type GcnUpdate = 'in-place' | 'simultaneous';

/**
 * The degree-normalised neighbourhoods of a batch, vertex-major (row `v·B + b` is vertex `v` of
 * graph `b`; vertices a graph lacks get no neighbours and a zero self weight):
 * `s_v = x_v/(indeg(v)+1) + Σ_{u∈preds(v)} x_u/√((outdeg(u)+1)(indeg(v)+1))`.
 */
export interface GcnNeighbourhoods {
  /** Graphs `B`. */
  readonly graphs: number;
  /** Vertices `n` (the largest graph's). */
  readonly vertices: number;
  /** `n·B` self weights `1/(indeg+1)`. */
  readonly selfWeight: Float32Array;
  /** CSR over target rows: predecessors of row `t` are entries `start[t] .. start[t+1]−1`. */
  readonly start: Int32Array;
  /** Source row `u·B + b` of each entry. */
  readonly source: Int32Array;
  /** `1/√((outdeg(u)+1)(indeg(v)+1))` of each entry. */
  readonly weight: Float32Array;
}

/** The {@link GcnNeighbourhoods} of a batch of graphs whose vertices are in topological order. */
export function gcnNeighbourhoods(graphs: readonly Dag[]): GcnNeighbourhoods {
  const b = graphs.length;
  const n = Math.max(...graphs.map((g) => g.types.length));
  const selfWeight = new Float32Array(n * b);
  const start = new Int32Array(n * b + 1);
  const sources: number[] = [];
  const weights: number[] = [];
  const outDegrees = graphs.map((g) => {
    const out = new Array<number>(g.types.length).fill(0);
    g.inMasks.forEach((mask) => {
      for (let u = 0; u < g.types.length; u++) if ((mask >>> u) & 1) out[u]!++;
    });
    return out;
  });
  for (let v = 0; v < n; v++) {
    for (let i = 0; i < b; i++) {
      const t = v * b + i;
      start[t] = sources.length;
      const g = graphs[i]!;
      if (v >= g.types.length) continue;
      const mask = g.inMasks[v]!;
      let inDegree = 0;
      for (let u = 0; u < v; u++) inDegree += (mask >>> u) & 1;
      selfWeight[t] = 1 / (inDegree + 1);
      for (let u = 0; u < v; u++) {
        if (((mask >>> u) & 1) === 0) continue;
        sources.push(u * b + i);
        weights.push(1 / Math.sqrt((outDegrees[i]![u]! + 1) * (inDegree + 1)));
      }
    }
  }
  start[n * b] = sources.length;
  return { graphs: b, vertices: n, selfWeight, start, source: Int32Array.from(sources), weight: Float32Array.from(weights) };
}

/**
 * The values of a tensor computed in a tidy scope. (Returning the typed array from `tf.tidy`
 * makes tfjs walk it element by element looking for tensors.)
 */
function readValues(f: () => Tensor): Float32Array {
  let values: Float32Array | undefined;
  tf.tidy(() => {
    values = f().dataSync() as Float32Array;
  });
  return values!;
}

/**
 * One GCN level, `h_v = ReLU(W·s_v + b)` over the normalised neighbourhood sums `s_v`
 * (protocol §3.3), for all vertices of a batch (rows vertex-major, as {@link GcnNeighbourhoods}).
 * `features` are the previous level's states (or the type encodings at level 0), `weight` is
 * `F × H`. `'in-place'` needs `F = H`: predecessors contribute their new states.
 *
 * The neighbourhood sums and ReLU run in plain loops over the batch's arrays and only the
 * products go through tfjs: an in-place level is 8 dependent steps, and building each from a
 * dozen tiny tensor ops cost more than its product. The gradient is hand-written: one sweep
 * back over the vertices, then `dW = Sᵀ·dA` for all vertices as one product. Tests check it
 * against finite differences and against autodiff of a composition of tfjs ops. On a device
 * backend the level is that composition instead (`gcnLevelOnDevice`).
 */
export function gcnLevel(features: Tensor2D, weight: Tensor2D, bias: Tensor1D, neighbourhoods: GcnNeighbourhoods, update: GcnUpdate): Tensor2D {
  const { graphs: b, vertices: n, selfWeight, start, source, weight: edgeWeight } = neighbourhoods;
  const rows = n * b;
  const [featureRows, width] = features.shape;
  const [weightRows, hidden] = weight.shape;
  if (featureRows !== rows) throw new EncoderError(`@opnas/encoders: gcnLevel features have ${featureRows} rows; the neighbourhoods have ${rows}`);
  if (weightRows !== width) throw new EncoderError(`@opnas/encoders: gcnLevel weight has ${weightRows} rows for ${width} features`);
  if (bias.shape[0] !== hidden) throw new EncoderError(`@opnas/encoders: gcnLevel bias has ${bias.shape[0]} entries for ${hidden} outputs`);
  if (update === 'in-place' && width !== hidden) {
    throw new EncoderError(`@opnas/encoders: an in-place GCN level needs as many features as outputs, got ${width} and ${hidden}`);
  }
  if (update !== 'in-place' && update !== 'simultaneous') {
    throw new EncoderError(`@opnas/encoders: update must be 'in-place' or 'simultaneous', got '${String(update)}'`);
  }
  if (onDeviceBackend()) return gcnLevelOnDevice(features, weight, bias, neighbourhoods, update);

  const run = tf.customGrad(((x: Tensor2D, w: Tensor2D, bb: Tensor1D, save: (tensors: Tensor[]) => void) => {
    const p = x.dataSync() as Float32Array;
    const biasValues = bb.dataSync() as Float32Array;
    const s = new Float32Array(rows * width);
    const out = new Float32Array(rows * hidden);
    // s_t = self·x_t + Σ weight·(x or h)_source, rows t0..t1−1, all from arrays.
    const gather = (t0: number, t1: number, from: Float32Array): void => {
      for (let t = t0; t < t1; t++) {
        const self = selfWeight[t]!;
        const row = t * width;
        for (let k = 0; k < width; k++) s[row + k] = self * p[row + k]!;
        for (let e = start[t]!; e < start[t + 1]!; e++) {
          const c = edgeWeight[e]!;
          const src = source[e]! * width;
          for (let k = 0; k < width; k++) s[row + k]! += c * from[src + k]!;
        }
      }
    };
    const activate = (t0: number, t1: number): void => {
      const a = readValues(() => tf.matMul(tf.tensor2d(s.subarray(t0 * width, t1 * width), [t1 - t0, width]), w));
      for (let t = t0; t < t1; t++) {
        for (let k = 0; k < hidden; k++) {
          const v = a[(t - t0) * hidden + k]! + biasValues[k]!;
          out[t * hidden + k] = v > 0 ? v : 0;
        }
      }
    };
    if (update === 'in-place') {
      for (let v = 0; v < n; v++) {
        gather(v * b, (v + 1) * b, out);
        activate(v * b, (v + 1) * b);
      }
    } else {
      gather(0, rows, p);
      activate(0, rows);
    }
    save([w]);

    const gradFunc = (dy: Tensor, saved: Tensor[]): Tensor[] => {
      const wSaved = saved[0] as Tensor2D;
      const dOut = (dy.dataSync() as Float32Array).slice();
      const dA = new Float32Array(rows * hidden);
      const dP = new Float32Array(rows * width);
      // dA_t = dh_t ⊙ [h_t > 0]; dS = dA·Wᵀ; then route dS to the rows it was gathered from.
      const backActivate = (t0: number, t1: number): Float32Array => {
        for (let i = t0 * hidden; i < t1 * hidden; i++) dA[i] = out[i]! > 0 ? dOut[i]! : 0;
        return readValues(() => tf.matMul(tf.tensor2d(dA.subarray(t0 * hidden, t1 * hidden), [t1 - t0, hidden]), wSaved, false, true));
      };
      const scatter = (t0: number, t1: number, dS: Float32Array, to: Float32Array): void => {
        for (let t = t0; t < t1; t++) {
          const self = selfWeight[t]!;
          const row = t * width;
          const local = (t - t0) * width;
          for (let k = 0; k < width; k++) dP[row + k]! += self * dS[local + k]!;
          for (let e = start[t]!; e < start[t + 1]!; e++) {
            const c = edgeWeight[e]!;
            const src = source[e]! * width;
            for (let k = 0; k < width; k++) to[src + k]! += c * dS[local + k]!;
          }
        }
      };
      if (update === 'in-place') {
        // Later vertices read earlier outputs: sweep back, adding their share to dOut first.
        for (let v = n - 1; v >= 0; v--) {
          const dS = backActivate(v * b, (v + 1) * b);
          scatter(v * b, (v + 1) * b, dS, dOut);
        }
      } else {
        scatter(0, rows, backActivate(0, rows), dP);
      }
      const dBias = new Float32Array(hidden);
      for (let t = 0; t < rows; t++) for (let k = 0; k < hidden; k++) dBias[k]! += dA[t * hidden + k]!;
      const dW = tf.matMul(tf.tensor2d(s, [rows, width]), tf.tensor2d(dA, [rows, hidden]), true, false);
      return [tf.tensor2d(dP, [rows, width]), dW, tf.tensor1d(dBias)];
    };
    return { value: tf.tensor2d(out, [rows, hidden]), gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);

  return run(features, weight, bias) as Tensor2D;
}
