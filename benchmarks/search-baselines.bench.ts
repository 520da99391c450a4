/**
 * The search baselines on the ENAS-6 surrogate benchmark: random search, regularised evolution
 * (P = 100, S = 25) and local search (initial set 10), the same budget and seeds each; best
 * surrogate-predicted accuracy found against the number of queries, mean and 95 % t-interval
 * over seeds. Every score is a SURROGATE prediction (model/enas-surrogate-v1.json), not a
 * measured accuracy.
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/search-baselines.bench.ts [--seeds 10] [--budget 500]
 *
 * Writes benchmarks/results/search-baselines.json and the figure in benchmarks/results/search-baselines/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enasSurrogateEvaluator, loadEnasSurrogate } from '@opnas/enas-surrogate';
import { type SearchRun, bestSoFarCurves, localSearch, randomSearch, regularisedEvolution } from '@opnas/search';
import { FIGURE_CONFIG, writeFigure } from '@opnas/viz';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const seedCount = arg('seeds', 10);
const budget = arg('budget', 500);
const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
const surrogate = await loadEnasSurrogate();
const evaluator = await enasSurrogateEvaluator(surrogate);

// two-sided 95 % Student t quantiles by degrees of freedom
const T95: Record<number, number> = { 1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228, 14: 2.145, 19: 2.093, 29: 2.045 };
const t95 = (df: number) => T95[df] ?? (df < 30 ? 2.1 : 1.96);

const arms: [string, () => Promise<SearchRun>][] = [
  ['random search', () => randomSearch(evaluator, budget, { seeds, batchSize: 10 })],
  ['regularised evolution', () => regularisedEvolution(evaluator, budget, { seeds })],
  ['local search', () => localSearch(evaluator, budget, { seeds, batchSize: 5 })],
];
const rows: { algorithm: string; queries: number; mean: number; lower: number; upper: number }[] = [];
const summary: Record<string, { seconds: number; final: { mean: number; halfWidth: number; values: number[] } }> = {};
for (const [name, run] of arms) {
  const started = performance.now();
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  const curves = bestSoFarCurves(result);
  for (let q = 1; q <= budget; q++) {
    const v = curves.map((c) => c.best[q - 1] ?? Number.NaN).filter(Number.isFinite);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1));
    const h = v.length > 1 ? (t95(v.length - 1) * sd) / Math.sqrt(v.length) : 0;
    if (q === budget) summary[name] = { seconds, final: { mean, halfWidth: h, values: v } };
    if (q % 5 === 0 || q === 1)
      rows.push({ algorithm: name, queries: q, mean: Number(mean.toFixed(6)), lower: Number((mean - h).toFixed(6)), upper: Number((mean + h).toFixed(6)) });
  }
  const f = summary[name]!.final;
  console.log(`${name}: best after ${budget} queries ${f.mean.toFixed(5)} ± ${f.halfWidth.toFixed(5)} (95 %, ${seeds.length} seeds) in ${seconds.toFixed(1)} s`);
}
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'results');
mkdirSync(out, { recursive: true });
await writeFigure(
  {
    name: 'best-so-far',
    data: rows,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data: { values: rows },
      title: `Search baselines on the ENAS-6 surrogate: best SURROGATE-predicted accuracy so far (mean, 95 % band, ${seeds.length} seeds)`,
      width: 520,
      height: 320,
      config: FIGURE_CONFIG,
      encoding: { x: { field: 'queries', type: 'quantitative', title: 'queries' }, color: { field: 'algorithm', type: 'nominal', title: null, legend: { labelLimit: 240 } } },
      layer: [
        {
          mark: { type: 'area', opacity: 0.2 },
          encoding: { y: { field: 'lower', type: 'quantitative', title: 'best predicted accuracy so far', scale: { zero: false } }, y2: { field: 'upper' } },
        },
        { mark: { type: 'line' }, encoding: { y: { field: 'mean', type: 'quantitative' } } },
      ],
    },
  },
  join(out, 'search-baselines'),
);
const record = {
  what: 'search baselines on the ENAS-6 surrogate benchmark (scores are surrogate predictions)',
  surrogate: { name: surrogate.file.name, sha256: surrogate.sha256, heldOut: surrogate.file.heldOut },
  budget,
  seeds,
  settings: { randomSearch: { batchSize: 10 }, regularisedEvolution: { populationSize: 100, sampleSize: 25 }, localSearch: { initialSize: 10, batchSize: 5 } },
  results: summary,
  loadAverage: loadavg().map((v) => Number(v.toFixed(2))),
};
writeFileSync(join(out, 'search-baselines.json'), JSON.stringify(record, null, 2) + '\n');
console.log(`wrote ${join(out, 'search-baselines.json')} and ${join(out, 'search-baselines')}/best-so-far.{svg,png,csv,json}; load ${record.loadAverage.join(' ')}`);
