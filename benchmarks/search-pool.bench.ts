/**
 * The pool protocol for the search baselines, fully measured: the pool is the VAE split's 1,902
 * test architectures (protocol §1.6, never seen by a model in training), scores come from the
 * dataset's lookup table, and the regret of the best found — the pool's best weight-sharing
 * accuracy minus the best found so far — is reported against the number of queries, mean and
 * 95 % t-interval over seeds. Random search, regularised evolution (P = 50, S = 10: the pool
 * is small) and local search get the same budget and seeds. No test architecture has a one-edit
 * neighbour among the others, so evolution and local search use the 10 pool members nearest in
 * edit distance as the neighbourhood (`poolSpace(pool, enasSpace, { nearest: 10 })`).
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/search-pool.bench.ts [--seeds 10] [--budget 200]
 *
 * Writes benchmarks/results/search-pool.json and the figure in benchmarks/results/search-pool/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lookupEvaluator } from '@opnas/bayesopt';
import { AccuracyLookup, loadEnasDataset } from '@opnas/enas-data';
import { type SearchRun, bestSoFarCurves, localSearch, poolSpace, randomSearch, regularisedEvolution } from '@opnas/search';
import { FIGURE_CONFIG, writeFigure } from '@opnas/viz';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const seeds = Array.from({ length: arg('seeds', 10) }, (_, i) => i + 1);
const budget = arg('budget', 200);
const data = await loadEnasDataset();
const pool = data.test.map((r) => r.flat);
const space = poolSpace(pool);
const evaluator = lookupEvaluator(new AccuracyLookup(data.records));
const optimum = Math.max(...data.test.map((r) => r.accuracy));
// how connected the pool is under one edit: neighbourhood search can only move along these edges
const connected = pool.filter((a) => space.neighbours(a).length > 0).length;
console.log(`pool: ${pool.length} architectures, ${connected} with a one-edit neighbour in the pool`);
const near = poolSpace(pool, undefined, { nearest: 10 });
const T95: Record<number, number> = { 1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 14: 2.145, 19: 2.093, 29: 2.045 };

const arms: [string, () => Promise<SearchRun>][] = [
  ['random search', () => randomSearch(evaluator, budget, { seeds, space, batchSize: 10 })],
  ['regularised evolution', () => regularisedEvolution(evaluator, budget, { seeds, space: near, populationSize: 50, sampleSize: 10 })],
  ['local search', () => localSearch(evaluator, budget, { seeds, space: near, batchSize: 5 })],
];
const rows: { algorithm: string; queries: number; mean: number; lower: number; upper: number }[] = [];
const results: Record<string, { regret: { mean: number; halfWidth: number }; foundOptimum: number }> = {};
for (const [name, run] of arms) {
  const curves = bestSoFarCurves(await run());
  for (let q = 1; q <= budget; q++) {
    const v = curves.map((c) => optimum - (c.best[q - 1] ?? Number.NaN)).filter(Number.isFinite);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1));
    const h = v.length > 1 ? ((T95[v.length - 1] ?? 1.96) * sd) / Math.sqrt(v.length) : 0;
    if (q === budget) results[name] = { regret: { mean, halfWidth: h }, foundOptimum: v.filter((x) => x === 0).length };
    if (q % 5 === 0 || q === 1)
      rows.push({ algorithm: name, queries: q, mean: Number(mean.toFixed(6)), lower: Number(Math.max(0, mean - h).toFixed(6)), upper: Number((mean + h).toFixed(6)) });
  }
  const r = results[name]!;
  console.log(
    `${name}: regret after ${budget} queries ${r.regret.mean.toFixed(5)} ± ${r.regret.halfWidth.toFixed(5)} (95 %, ${seeds.length} seeds); found the pool's best in ${r.foundOptimum}/${seeds.length}`,
  );
}
const out = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(out, { recursive: true });
await writeFigure(
  {
    name: 'regret',
    data: rows,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data: { values: rows },
      title: `Pool protocol: regret of the best found among the ${pool.length} test architectures (lookup, mean, 95 % band, ${seeds.length} seeds)`,
      width: 520,
      height: 320,
      config: FIGURE_CONFIG,
      encoding: { x: { field: 'queries', type: 'quantitative', title: 'queries' }, color: { field: 'algorithm', type: 'nominal', title: null, legend: { labelLimit: 240 } } },
      layer: [
        { mark: { type: 'area', opacity: 0.2 }, encoding: { y: { field: 'lower', type: 'quantitative', title: 'regret (pool best − best found)' }, y2: { field: 'upper' } } },
        { mark: { type: 'line' }, encoding: { y: { field: 'mean', type: 'quantitative' } } },
      ],
    },
  },
  join(out, 'search-pool'),
);
const record = {
  what: 'pool protocol for the search baselines: the VAE test split (never seen in training) as the pool, lookup scores',
  pool: {
    architectures: pool.length,
    best: optimum,
    withOneEditNeighbourInPool: connected,
    neighbourhood: 'the 10 pool members nearest in edit distance (evolution, local search)',
  },
  budget,
  seeds,
  results,
  loadAverage: loadavg().map((v) => Number(v.toFixed(2))),
};
writeFileSync(join(out, 'search-pool.json'), JSON.stringify(record, null, 2) + '\n');
console.log(`wrote ${join(out, 'search-pool.json')}; load ${record.loadAverage.join(' ')}`);
