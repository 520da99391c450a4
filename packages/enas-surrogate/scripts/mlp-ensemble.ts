// An ensemble of small MLPs (tfjs through @opnas/runtime) on the one-hot features: a candidate of
// fit-surrogate.ts, measured but not shippable (the model file format holds trees only).
import { PythonRandom } from '@opnas/rng';
import { initRuntime } from '@opnas/runtime';
import { oneHotRows } from '../src/one-hot-rows.js';

export interface MlpEnsembleOptions {
  readonly members: number;
  readonly hidden: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
}

/** Fit `members` MLPs 51 → hidden → hidden → 1 (ReLU, He-normal, Adam, MSE on standardised targets); predict their mean. */
export async function fitMlpEnsemble(flats: string[], y: number[], o: MlpEnsembleOptions): Promise<(q: string[]) => Promise<Float64Array>> {
  const { tf } = await initRuntime({ backend: 'wasm' });
  const dense = (fs: string[]) => {
    const rows = oneHotRows(fs);
    const out = new Float32Array(fs.length * rows.featureCount);
    rows.rows.forEach((r, i) => r.forEach((f) => (out[i * rows.featureCount + f] = 1)));
    return { data: out, d: rows.featureCount };
  };
  const { data, d } = dense(flats);
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length);
  const target = Float32Array.from(y, (v) => (v - mean) / sd);
  const members: { w: import('@opnas/runtime').Variable[] }[] = [];
  for (let m = 0; m < o.members; m++) {
    const rng = new PythonRandom(100 + m);
    const he = (fanIn: number, shape: [number, number], seed: number) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed));
    const w = [
      he(d, [d, o.hidden], 10 * m + 1),
      tf.variable(tf.zeros([o.hidden])),
      he(o.hidden, [o.hidden, o.hidden], 10 * m + 2),
      tf.variable(tf.zeros([o.hidden])),
      he(o.hidden, [o.hidden, 1], 10 * m + 3),
      tf.variable(tf.zeros([1])),
    ];
    const optimizer = tf.train.adam(o.learningRate);
    const order = Array.from({ length: y.length }, (_, i) => i);
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      rng.shuffle(order);
      for (let b = 0; b < order.length; b += o.batchSize) {
        const idx = order.slice(b, b + o.batchSize);
        const xb = new Float32Array(idx.length * d);
        const yb = new Float32Array(idx.length);
        idx.forEach((i, k) => {
          xb.set(data.subarray(i * d, (i + 1) * d), k * d);
          yb[k] = target[i]!;
        });
        tf.tidy(() => {
          const x = tf.tensor2d(xb, [idx.length, d]);
          const t = tf.tensor2d(yb, [idx.length, 1]);
          optimizer.minimize(() => {
            const h1 = tf.relu(tf.add(tf.matMul(x, w[0]!), w[1]!));
            const h2 = tf.relu(tf.add(tf.matMul(h1, w[2]!), w[3]!));
            return tf.mean(tf.square(tf.sub(tf.add(tf.matMul(h2, w[4]!), w[5]!), t))) as import('@opnas/runtime').Scalar;
          });
        });
      }
    }
    members.push({ w });
  }
  return async (q) => {
    const { data: qx } = dense(q);
    const sum = new Float64Array(q.length);
    for (const { w } of members) {
      const p = tf.tidy(() => {
        const x = tf.tensor2d(qx, [q.length, d]);
        const h1 = tf.relu(tf.add(tf.matMul(x, w[0]!), w[1]!));
        const h2 = tf.relu(tf.add(tf.matMul(h1, w[2]!), w[3]!));
        return tf.add(tf.matMul(h2, w[4]!), w[5]!);
      });
      const v = await p.data();
      p.dispose();
      v.forEach((s, i) => (sum[i]! += s));
    }
    return Float64Array.from(sum, (s) => mean + (sd * s) / members.length);
  };
}
