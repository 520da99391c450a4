import { PythonRandom } from '../packages/rng/src/index.js';
import { initRuntime, tf } from '../packages/runtime/src/index.js';
import type { Tensor2D } from '../packages/runtime/src/index.js';
import { DvaeModel } from '../packages/vae/src/index.js';
await initRuntime();
const model = new DvaeModel('dvae', { seed: 3 });
const r = new PythonRandom(11);
const B = 512;
const z = tf.tensor2d(Array.from({ length: B * 56 }, () => r.gauss() * 1.5), [B, 56]) as Tensor2D;
model.decode(z, { random: 1 });
const t0 = performance.now();
const info = await tf.profile(() => { model.decode(z, { random: 2 }); });
const wall = performance.now() - t0;
const agg = new Map<string, { ms: number; n: number }>();
let total = 0;
for (const k of info.kernels) {
  const key = `${k.name} ${JSON.stringify(k.inputShapes)}`.replace(/\[\d+,/g, '[B,');
  const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  total += ms;
  const e = agg.get(key) ?? { ms: 0, n: 0 };
  e.ms += ms; e.n++;
  agg.set(key, e);
}
console.log('wall ms', wall.toFixed(0), 'kernel ms', total.toFixed(0), 'per graph', (wall / B).toFixed(2));
for (const [k, v] of [...agg.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(v.ms.toFixed(1).padStart(8), String(v.n).padStart(5), k.slice(0, 150));
