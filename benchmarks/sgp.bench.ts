/**
 * Sparse GP speed at the paper's settings (protocol §6.6, §11.4): N = 17,118 training points,
 * D = 56, M = 500 inducing points, minibatch 1,000 (18 Adam steps per epoch), 100 epochs.
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/sgp.bench.ts [--epochs 100] [--threads 2] [--kernels]
 *
 * Data are synthetic but real-shaped (standard-normal 56-d latents, a smooth target plus noise,
 * standardised). With fewer epochs than 100 the total for 100 is extrapolated from the measured
 * time per Adam step and marked as such. `--kernels` also times the linear-algebra building
 * blocks against ml-matrix and plain JavaScript. Prints a table; writes benchmarks/results/sgp.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PythonRandom } from '@opnas/rng';
import { SparseGp, SgpParameters, disposeLinalgThreads, sgpEnergy } from '@opnas/sgp';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const epochs = arg('epochs', 100);
const threads = arg('threads', Math.min(2, availableParallelism()));
const kernels = process.argv.includes('--kernels');
const N = 17118;
const D = 56;
const M = 500;
const BATCH = 1000;
const PAPER_EPOCHS = 100;
const stepsPerEpoch = Math.ceil(N / BATCH);

const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
const rows: [string, string][] = [];
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model,
  cores: availableParallelism(),
  threads,
  loadBefore: loadavg(),
};
console.log(`sgp benchmark: N=${N} D=${D} M=${M} minibatch=${BATCH}, threads=${threads}; load ${load()}`);

// ---- synthetic, real-shaped data ----
const rng = new PythonRandom(123);
const x = new Float64Array(N * D);
for (let i = 0; i < x.length; i++) x[i] = rng.gauss(0, 1);
const raw = new Float64Array(N);
for (let i = 0; i < N; i++) {
  const r = i * D;
  raw[i] = Math.sin(x[r]!) + 0.5 * x[r + 1]! * x[r + 2]! + 0.3 * Math.cos(2 * x[r + 3]!) + 0.5 * rng.gauss(0, 1);
}
const mean = raw.reduce((s, v) => s + v, 0) / N;
const sd = Math.sqrt(raw.reduce((s, v) => s + (v - mean) ** 2, 0) / N);
const y = raw.map((v) => (v - mean) / sd);

// ---- one energy + gradient evaluation at paper sizes, timed alone ----
{
  const p = new SgpParameters(M, D);
  for (let j = 0; j < M; j++) {
    p.z.set(x.subarray(j * D, j * D + D), j * D);
    p.mHat[j] = y[j]!;
  }
  for (let i = 0; i < p.l.length; i++) p.l[i] = rng.gauss(0, 1);
  p.logLengthscales.fill(Math.log(0.5 * 2 * D));
  const xb = x.subarray(0, BATCH * D);
  const yb = y.subarray(0, BATCH);
  const times: number[] = [];
  for (let r = 0; r < 6; r++) {
    const t = performance.now();
    sgpEnergy(p, xb, yb, { trainingSize: N, threads });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[3]! / 1000;
  rows.push(['energy + gradient, one minibatch (median of 5 after warm-up)', `${median.toFixed(3)} s`]);
  results.energyGradientSeconds = median;
}

// ---- the fit ----
let lastReport = 0;
const gp = new SparseGp({
  epochs,
  threads,
  seed: 1,
  onProgress: (p) => {
    if (p.elapsedSeconds - lastReport > 10 || p.step === p.totalSteps) {
      lastReport = p.elapsedSeconds;
      process.stderr.write(
        `  epoch ${p.epoch}/${p.epochs} step ${p.step}/${p.totalSteps} E=${p.energy.toFixed(1)} ` +
          `${p.elapsedSeconds.toFixed(0)} s (${(p.elapsedSeconds / p.step).toFixed(3)} s/step), load ${load()}\n`,
      );
    }
  },
});
const summary = await gp.fit({ rows: N, cols: D, data: x }, y);
const perStep = summary.seconds / summary.steps;
const paperTotal = perStep * PAPER_EPOCHS * stepsPerEpoch;
rows.push(['Adam steps run', `${summary.steps} (${epochs} epochs × ${stepsPerEpoch})`]);
rows.push(['seconds per Adam step', perStep.toFixed(3)]);
rows.push([
  `fit at ${PAPER_EPOCHS} epochs (${PAPER_EPOCHS * stepsPerEpoch} steps)`,
  `${(paperTotal / 60).toFixed(2)} min${epochs === PAPER_EPOCHS ? ' (measured)' : ` (extrapolated from ${epochs} epochs)`}`,
]);
Object.assign(results, {
  epochs,
  steps: summary.steps,
  secondsPerStep: perStep,
  fitSeconds: summary.seconds,
  paperFitMinutes: paperTotal / 60,
  extrapolated: epochs !== PAPER_EPOCHS,
});

const tPred = performance.now();
gp.predict({ rows: 1902, cols: D, data: x.subarray(0, 1902 * D) });
rows.push(['predict 1,902 points', `${((performance.now() - tPred) / 1000).toFixed(3)} s`]);

if (kernels) {
  const n = 500;
  const { gemmBenchmark, choleskyBenchmark, mlMatrixBenchmark } = await import('../packages/sgp/src/testing/kernel-benchmarks.js');
  const ml = mlMatrixBenchmark(n);
  rows.push(['ml-matrix 500³ mmul', `${ml.mmulSeconds.toFixed(3)} s = ${((2 * n ** 3) / ml.mmulSeconds / 1e9).toFixed(2)} GFLOP/s`]);
  rows.push(['ml-matrix 500×500 Cholesky', `${(ml.choleskySeconds * 1000).toFixed(1)} ms`]);
  for (const th of [1, threads]) {
    const g = gemmBenchmark(n, th);
    rows.push([`SIMD gemm 500³, ${th} thread(s)`, `${(g * 1000).toFixed(1)} ms = ${((2 * n ** 3) / g / 1e9).toFixed(1)} GFLOP/s`]);
    rows.push([`blocked Cholesky 500, ${th} thread(s)`, `${(choleskyBenchmark(n, th) * 1000).toFixed(1)} ms`]);
  }
  const plain = (() => {
    const A = new Float64Array(n * n).map(() => Math.random());
    const B = new Float64Array(n * n).map(() => Math.random());
    const C = new Float64Array(n * n);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < n; p++) {
        const av = A[i * n + p]!;
        for (let j = 0; j < n; j++) C[i * n + j]! += av * B[p * n + j]!;
      }
    }
    return (performance.now() - t0) / 1000;
  })();
  rows.push(['plain JS i-k-j loop 500³', `${plain.toFixed(3)} s = ${((2 * n ** 3) / plain / 1e9).toFixed(2)} GFLOP/s`]);
}

results.loadAfter = loadavg();
results.table = rows;
const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
console.log(`load average after: ${load()}`);
const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'sgp.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
await disposeLinalgThreads();
