/**
 * Pool-mode BO against random search on the ENAS dataset, fully measured (lookup evaluator):
 * best weight-sharing accuracy found per round, mean ± sd over seeds, same budget per arm.
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/bo-pool.bench.ts [--seeds 3] [--rounds 10] [--batch 50] [--initial 100] [--inducing 200] [--epochs 50]
 *
 * The candidates are the 17,118 training architectures; until trained VAE latents exist they are
 * "encoded" by the fixed 51-d one-hot architecture features of @opnas/bayesopt (not a learned
 * latent space — rerun with a model's latents through `opnas bo --mode pool` for the paper's
 * setting). `--initial` architectures (a fixed seed-0 subset) start the search; the SGP is
 * refitted every round with the given M and epochs. Writes benchmarks/results/bo-pool.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARCHITECTURE_FEATURE_COUNT, architectureFeatures, initialSplit, lookupEvaluator, runBayesOpt, sgpFitter, summariseBayesOpt } from '@opnas/bayesopt';
import { AccuracyLookup, loadEnasDataset } from '@opnas/enas-data';
import { disposeLinalgThreads } from '@opnas/sgp';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const seeds = arg('seeds', 3);
const rounds = arg('rounds', 10);
const batch = arg('batch', 50);
const initial = arg('initial', 100);
const inducing = arg('inducing', 200);
const epochs = arg('epochs', 50);
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
console.log(`bo pool benchmark: ${seeds} seeds × ${rounds} rounds × ${batch}, initial ${initial}, SGP M=${inducing} ${epochs} epochs; load ${load()}`);

const dataset = await loadEnasDataset(
  process.env['OPNAS_ENAS_DATA'] ? {} : { path: join(dirname(fileURLToPath(import.meta.url)), '../../shared/data/enas/final_structures6.txt') },
);
const lookup = new AccuracyLookup(dataset.records);
const D = ARCHITECTURE_FEATURE_COUNT;
const encode = (records: typeof dataset.train) => {
  const x = new Float64Array(records.length * D);
  records.forEach((r, i) => x.set(architectureFeatures(r.flat), i * D));
  return x;
};
const all = encode(dataset.train);
const split = initialSplit(dataset.train.length, initial, 0);
const rows = (idx: number[]) => ({ rows: idx.length, cols: D, data: Float64Array.from(idx.flatMap((i) => Array.from(all.subarray(i * D, (i + 1) * D)))) });
const started = performance.now();
const run = await runBayesOpt(
  {
    train: { x: rows(split.initial), accuracy: split.initial.map((i) => dataset.train[i]!.accuracy), flats: split.initial.map((i) => dataset.train[i]!.flat) },
    test: { x: { rows: dataset.test.length, cols: D, data: encode(dataset.test) }, accuracy: dataset.test.map((r) => r.accuracy) },
    pool: { x: rows(split.rest), flats: split.rest.map((i) => dataset.train[i]!.flat) },
    evaluator: lookupEvaluator(lookup),
  },
  {
    mode: 'pool',
    rounds,
    batchSize: batch,
    seeds: Array.from({ length: seeds }, (_, i) => i + 1),
    fit: sgpFitter({ inducingPoints: inducing, epochs }),
    onProgress: (e) => {
      if (e.type === 'round') {
        const r = e.record;
        console.log(
          `  seed ${r.seed} round ${r.round + 1}: BO best ${r.bo.best?.accuracy.toFixed(4)} (batch max ${r.bo.batch.maxAccuracy?.toFixed(4)}), random best ${r.random?.best?.accuracy.toFixed(4)}, test r ${r.metrics.testPearson?.toFixed(3)} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
      }
    },
  },
);
disposeLinalgThreads();
const summary = summariseBayesOpt(run, { top: 5 });
const poolMax = Math.max(...split.rest.map((i) => dataset.train[i]!.accuracy));
console.log(`best accuracy in the pool: ${poolMax.toFixed(4)}; evaluations per arm after round r: ${batch}·r`);
console.log('round  evaluated  BO best so far      random best so far  test r');
for (const s of summary.rounds) {
  const ms = (v: { mean: number; sd: number } | null | undefined) => (v ? `${v.mean.toFixed(4)} ± ${v.sd.toFixed(4)}` : '-');
  console.log(
    `${String(s.round + 1).padStart(5)}  ${String(batch * (s.round + 1)).padStart(9)}  ${ms(s.bo.bestSoFar)}  ${ms(s.random?.bestSoFar)}  ${s.testPearson?.mean.toFixed(3)}`,
  );
}
console.log(`wall time ${((performance.now() - started) / 1000).toFixed(0)} s; load after ${load()}`);
const out = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'bo-pool.json'),
  `${JSON.stringify({ date: new Date().toISOString(), settings: { seeds, rounds, batch, initial, inducing, epochs, encoding: 'one-hot architecture features (51-d)' }, poolMax, rounds: summary.rounds, top: summary.top, seconds: (performance.now() - started) / 1000 }, null, 2)}\n`,
);
