/**
 * Seconds per BO round at the paper's settings (protocol §7.1, §11.3–11.4): N = 17,118 training
 * latents, D = 56, M = 500 inducing points, q = 50, a 10,000-point grid, 500 decodings per point,
 * split into SGP fit, metrics, batch selection, decoding and evaluation.
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/bo.bench.ts [--epochs 2] [--threads 2] [--acquisition ei]
 *
 * Data are synthetic but real-shaped (standard-normal 56-d latents and a smooth target). The SGP
 * fit runs `--epochs` epochs (default 2) and the paper's 100 are extrapolated from the time per
 * epoch (marked as such); the other phases run in full. Decoding uses a synthetic decoder (the
 * trained models do not exist yet), so its time is only the selection-policy overhead of 25,000
 * decodings — protocol §11.3 puts a real D-VAE decode at ≈ 0.2 GFLOP, i.e. ≈ 5·10¹² FLOP per round.
 * Evaluation is a lookup. Writes benchmarks/results/bo.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BoPhase, type Evaluation, type LatentDecoder, runBayesOpt, sgpFitter } from '@opnas/bayesopt';
import { PythonRandom } from '@opnas/rng';
import { disposeLinalgThreads } from '@opnas/sgp';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const epochs = Number(arg('epochs', '2'));
const threads = Number(arg('threads', String(Math.min(2, availableParallelism()))));
const acquisition = arg('acquisition', 'ei') as 'ei' | 'ucb' | 'thompson';
const N = 17118;
const NTEST = 1902;
const D = 56;
const M = 500;
const Q = 50;
const PAPER_EPOCHS = 100;
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
console.log(`bo benchmark: N=${N} D=${D} M=${M} q=${Q} grid=10000 attempts=500, SGP ${epochs} epoch(s), threads=${threads}, ${acquisition}; load ${load()}`);
const loadBefore = loadavg();

const rng = new PythonRandom(321);
const make = (rows: number) => {
  const x = new Float64Array(rows * D);
  for (let i = 0; i < x.length; i++) x[i] = rng.gauss(0, 1);
  const acc = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const r = i * D;
    acc[i] = 0.736 + 0.003 * (Math.sin(x[r]!) + 0.5 * x[r + 1]! * x[r + 2]! + 0.3 * Math.cos(2 * x[r + 3]!)) + 0.002 * rng.gauss(0, 1);
  }
  return { x: { rows, cols: D, data: x }, accuracy: acc };
};
const train = make(N);
const test = make(NTEST);

// a synthetic decoder: each latent point maps to one architecture; 1 in 4 attempts is invalid
const frac = (v: number) => v - Math.floor(v);
const decoder: LatentDecoder = (points, attempts) =>
  points.map((p) => {
    const flat: number[] = [];
    for (let i = 0; i < 6; i++) {
      flat.push(Math.floor(frac(p[i]! * 1.7 + 10) * 6));
      for (let j = 0; j < i; j++) flat.push(frac(p[6 + i + j]! + 10) > 0.5 ? 1 : 0);
    }
    const s = flat.join(' ');
    return Array.from({ length: attempts }, (_, k) => (k % 4 === 0 ? 'garbage' : s));
  });
const evaluator = {
  kind: 'lookup' as const,
  label: 'synthetic lookup',
  surrogate: false,
  evaluate: (flats: readonly string[]) =>
    Promise.resolve(flats.map((flat): Evaluation => ({ flat, status: 'scored', accuracy: 0.7 + (flat.length % 7) * 0.001, source: 'lookup' }))),
};

const run = await runBayesOpt(
  { train, test, evaluator, decoder },
  {
    rounds: 1,
    seeds: [1],
    batchSize: Q,
    acquisition,
    randomBaseline: false,
    fit: sgpFitter({ inducingPoints: M, epochs, threads }),
    onProgress: (e) => e.type === 'phase' && console.log(`  ${e.phase}: ${e.seconds.toFixed(2)} s`),
  },
);
disposeLinalgThreads();
const t = (phase: BoPhase) => run.timings.find((x) => x.phase === phase)?.seconds ?? 0;
const fitPerEpoch = t('fit') / epochs;
const fitPaper = fitPerEpoch * PAPER_EPOCHS;
const total = fitPaper + t('metrics') + t('select') + t('decode') + t('evaluate');
const rows: [string, string][] = [
  ['SGP fit, measured', `${t('fit').toFixed(1)} s for ${epochs} epoch(s)`],
  ['SGP fit at 100 epochs', `${fitPaper.toFixed(0)} s (extrapolated from ${epochs} epoch(s))`],
  ['test + train metrics (predict 1,902 + 17,118)', `${t('metrics').toFixed(2)} s`],
  [`selection (${acquisition}, q = 50, grid 10,000, L-BFGS-B)`, `${t('select').toFixed(2)} s`],
  ['decoding (synthetic decoder, 50 × 500 attempts)', `${t('decode').toFixed(2)} s`],
  ['evaluation (lookup)', `${t('evaluate').toFixed(3)} s`],
  ['round total at paper settings', `${total.toFixed(0)} s (${(total / 60).toFixed(1)} min)`],
];
const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
console.log(`load after: ${load()}`);
const out = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'bo.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      cpu: cpus()[0]?.model,
      cores: availableParallelism(),
      threads,
      acquisition,
      loadBefore,
      loadAfter: loadavg(),
      epochsMeasured: epochs,
      seconds: {
        fitMeasured: t('fit'),
        fitPaperExtrapolated: fitPaper,
        metrics: t('metrics'),
        select: t('select'),
        decode: t('decode'),
        evaluate: t('evaluate'),
        roundTotal: total,
      },
      table: rows,
    },
    null,
    2,
  )}\n`,
);
