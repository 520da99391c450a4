import { writeFileSync } from 'node:fs';
import { PythonRandom } from '../packages/rng/src/index.js';
import { initRuntime, tf } from '../packages/runtime/src/index.js';
import type { Tensor2D } from '../packages/runtime/src/index.js';
import { DvaeModel } from '../packages/vae/src/index.js';
await initRuntime();
const out: Record<string, unknown> = {};
const t0 = performance.now();
let count = 0;
for (const [name, state, hs] of [['dvae', 'last', 501], ['dvae-emb', 'last', 64], ['dvae', 'sum', 64]] as const) {
  const model = new DvaeModel(name, { hiddenSize: hs, seed: 3 }, state);
  const r = new PythonRandom(11);
  const z = tf.tensor2d(Array.from({ length: 300 * 56 }, () => r.gauss() * 1.5), [300, 56]) as Tensor2D;
  for (const seed of [1, 2]) {
    out[`${name}-${state}-${hs}-s${seed}`] = model.decode(z, { random: seed });
    count += 300;
  }
  out[`${name}-${state}-${hs}-greedy`] = model.decode(z, { stochastic: false });
  count += 300;
  z.dispose();
  model.dispose();
}
console.log('seconds', (performance.now() - t0) / 1000, 'decodes', count);
writeFileSync(process.argv[2]!, JSON.stringify(out));
