/**
 * One BO round's sparse-GP fit, cold (the reference: from scratch) against warm (from the previous
 * round's parameters; `runBayesOpt`'s `warmStart`), at a moderate size.
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/bo-warm-start.bench.ts [--n 4000] [--dim 56] [--inducing 200] [--epochs 100] [--batch 50] [--threads 2]
 *
 * Round r − 1 is fitted cold on N points (synthetic, real-shaped: standard-normal latents, a smooth
 * target plus noise, standardised as BO's scores); round r adds `batch` points and is fitted cold
 * with `epochs` epochs, and warm from round r − 1's parameters with `epochs`, `epochs` / 5 and
 * `epochs` / 10 epochs. Prints the time, the final energy per point (the fit's objective on
 * round r's data, higher is better) and the test RMSE of each; writes
 * benchmarks/results/bo-warm-start.json. No assertion: the numbers are for reading.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sgpFitSeed } from '@opnas/bayesopt';
import { PythonRandom } from '@opnas/rng';
import { SparseGp, disposeLinalgThreads, rootMeanSquaredError } from '@opnas/sgp';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const N = arg('n', 4000);
const D = arg('dim', 56);
const M = arg('inducing', 200);
const EPOCHS = arg('epochs', 100);
const Q = arg('batch', 50);
const threads = arg('threads', Math.min(2, availableParallelism()));
const TEST = 1000;
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

const rng = new PythonRandom(7);
const total = N + Q + TEST;
const x = new Float64Array(total * D);
for (let i = 0; i < x.length; i++) x[i] = rng.gauss(0, 1);
const raw = Float64Array.from({ length: total }, (_, i) => {
  const r = i * D;
  return Math.sin(x[r]!) + 0.5 * x[r + 1]! * x[r + 2]! + 0.3 * Math.cos(2 * x[r + 3]!) + 0.5 * rng.gauss(0, 1);
});
const mean = raw.reduce((s, v) => s + v, 0) / total;
const sd = Math.sqrt(raw.reduce((s, v) => s + (v - mean) ** 2, 0) / total);
const y = raw.map((v) => (v - mean) / sd);
const rows = (from: number, count: number) => ({ rows: count, cols: D, data: x.subarray(from * D, (from + count) * D) });
const test = rows(N + Q, TEST);
const yTest = y.subarray(N + Q);

console.log(`bo-warm-start: N=${N} (+${Q}) D=${D} M=${M} epochs=${EPOCHS} threads=${threads}; load ${load()}`);
const base = { inducingPoints: M, threads } as const;
const previous = new SparseGp({ ...base, epochs: EPOCHS, seed: sgpFitSeed(1, 0) });
const t0 = performance.now();
const first = await previous.fit(rows(0, N), y.subarray(0, N));
console.log(`round r − 1, cold, ${EPOCHS} epochs: ${((performance.now() - t0) / 1000).toFixed(1)} s, energy/point ${first.lastEpochEnergyPerPoint.toFixed(4)}`);
const start = previous.parameters.values;

const results: { fit: string; epochs: number; seconds: number; energyPerPoint: number; finalEnergy: number; testRmse: number; load: string }[] = [];
const fits: [string, number, boolean][] = [
  ['cold (reference)', EPOCHS, false],
  ['warm', EPOCHS, true],
  ['warm', Math.max(1, Math.round(EPOCHS / 5)), true],
  ['warm', Math.max(1, Math.round(EPOCHS / 10)), true],
];
for (const [name, epochs, warm] of fits) {
  const gp = new SparseGp({ ...base, epochs, seed: sgpFitSeed(1, 1), ...(warm ? { initialParameters: start } : {}) });
  const before = load();
  const t = performance.now();
  const summary = await gp.fit(rows(0, N + Q), y.subarray(0, N + Q));
  const seconds = (performance.now() - t) / 1000;
  const testRmse = rootMeanSquaredError(gp.predict(test).mean, yTest);
  results.push({ fit: name, epochs, seconds, energyPerPoint: summary.lastEpochEnergyPerPoint, finalEnergy: summary.finalEnergy, testRmse, load: before });
  console.log(
    `round r, ${name.padEnd(16)} ${String(epochs).padStart(4)} epochs: ${seconds.toFixed(1).padStart(6)} s · final energy ${summary.finalEnergy.toFixed(1)} (${summary.lastEpochEnergyPerPoint.toFixed(4)}/point) · test RMSE ${testRmse.toFixed(4)} · load ${before}`,
  );
}
disposeLinalgThreads();

const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'bo-warm-start.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), cpu: cpus()[0]?.model, cores: availableParallelism(), N, Q, D, M, threads, results }, null, 2)}\n`);
console.log(`wrote ${out}`);
