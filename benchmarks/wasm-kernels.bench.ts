/**
 * The tfjs-wasm kernels opnas replaces, stock against replacement, at the shapes a D-VAE
 * training step uses (hs 501, batch 32).
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/wasm-kernels.bench.ts [--runs 20]
 *
 * Prints mean milliseconds per call (after 3 warm-up calls) and the load average.
 */
import { loadavg } from 'node:os';
import { initRuntime, installWasmKernelFixes, tf, uninstallWasmKernelFixes } from '@opnas/runtime';
import type { Tensor } from '@opnas/runtime';

const i = process.argv.indexOf('--runs');
const runs = i >= 0 ? Number(process.argv[i + 1]) : 20;
await initRuntime({ backend: 'wasm' });

function time(f: () => Tensor | Tensor[]): number {
  const once = () =>
    tf.tidy(() => {
      const out = f();
      for (const t of Array.isArray(out) ? out : [out]) t.dataSync();
    });
  for (let k = 0; k < 3; k++) once();
  const start = performance.now();
  for (let k = 0; k < runs; k++) once();
  return (performance.now() - start) / runs;
}

const dY = tf.randomNormal([32, 1503]);
const w = tf.randomNormal([501, 1503]);
const x = tf.randomNormal([32, 501]);
const wide = tf.randomNormal([896, 501]);
const table = tf.randomNormal([514, 2004]);
const rows = tf.tensor1d(
  Array.from({ length: 896 }, (_, k) => (k * 7) % 514),
  'int32',
);
const cases: [string, () => Tensor | Tensor[]][] = [
  ['dY·Wᵀ [32,1503]·[501,1503]ᵀ', () => tf.matMul(dY, w, false, true)],
  ['Xᵀ·dY [32,501]ᵀ·[32,1503]', () => tf.matMul(x, dY, true, false)],
  ['split [896,501] into 28', () => tf.split(wide, 28, 0)],
  ['unstack [28,32,501]', () => tf.unstack(tf.reshape(wide, [28, 32, 501]))],
  ['gather 896 rows of [514,2004]', () => tf.gather(table, rows)],
];
console.log(
  `wasm kernels, ${runs} runs each; load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
for (const [name, f] of cases) {
  uninstallWasmKernelFixes();
  const stock = time(f);
  installWasmKernelFixes();
  const fixed = time(f);
  console.log(`${name.padEnd(34)} stock ${stock.toFixed(2).padStart(7)} ms   fixed ${fixed.toFixed(2).padStart(6)} ms   ×${(stock / fixed).toFixed(1)}`);
}
console.log(
  `load after ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
