/**
 * Graph statistics of all 19,020 ENAS graphs (protocol §8): target under one second for every
 * statistic of every graph, plus the correlations and groups of the paper's analysis.
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/graph-stats.bench.ts [--repeats 5]
 *
 * Also times graphology-based alternatives (graph construction, graphology-metrics diameter,
 * graphology-shortest-path APL) to document why APL and diameter run on bit masks instead.
 * Prints a table; writes benchmarks/results/graph-stats.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnasDataset } from '@opnas/enas-data';
import {
  averageLocalClustering,
  averagePathLength,
  cliqueNumber,
  degreeAssortativity,
  density,
  diameter,
  graphStatistics,
  kendallTauB,
  pearson,
  performanceGroups,
  spearman,
  toGraphology,
  transitivity,
} from '@opnas/graph-stats';

const here = dirname(fileURLToPath(import.meta.url));
// graphology is graph-stats' dependency, so resolve it from there.
const requireFromGraphStats = createRequire(resolve(here, '../packages/graph-stats/package.json'));
const graphologyDiameter = requireFromGraphStats('graphology-metrics/graph/diameter.js') as (graph: unknown) => number;
const { singleSourceLength } = requireFromGraphStats('graphology-shortest-path/unweighted.js') as { singleSourceLength: (graph: unknown, node: string) => Record<string, number> };
const repeatsAt = process.argv.indexOf('--repeats');
const repeats = repeatsAt > 0 ? Number(process.argv[repeatsAt + 1]) : 5;
const data = await loadEnasDataset({ path: process.env['OPNAS_ENAS_DATA'] ?? resolve(here, '../../shared/data/enas/final_structures6.txt') });
const dags = data.graphs.map((r) => r.dag);
const acc = data.graphs.map((r) => r.accuracy);

/** Best of `repeats` wall times in ms (after one warm-up run). */
function time(f: () => void): number {
  f();
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const rows: [string, number][] = [];
const load0 = loadavg()[0]!;
rows.push(['all statistics, 19,020 graphs (graphStatistics)', time(() => dags.forEach((d) => graphStatistics(d)))]);
rows.push(['  averagePathLength', time(() => dags.forEach((d) => averagePathLength(d)))]);
rows.push(['  transitivity', time(() => dags.forEach((d) => transitivity(d)))]);
rows.push(['  averageLocalClustering', time(() => dags.forEach((d) => averageLocalClustering(d)))]);
rows.push(['  density', time(() => dags.forEach((d) => density(d)))]);
rows.push(['  diameter', time(() => dags.forEach((d) => diameter(d)))]);
rows.push(['  degreeAssortativity', time(() => dags.forEach((d) => degreeAssortativity(d)))]);
rows.push(['  cliqueNumber', time(() => dags.forEach((d) => cliqueNumber(d)))]);
const apl = dags.map((d) => averagePathLength(d));
const t = dags.map((d) => transitivity(d));
rows.push(['pearson + spearman + kendall (APL and T)', time(() => [apl, t].forEach((x) => (pearson(x, acc), spearman(x, acc), kendallTauB(x, acc))))]);
rows.push(['performanceGroups', time(() => performanceGroups(acc))]);
// The graphology route, for the record (fewer repeats: it is slow).
const slow = (f: () => void) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
rows.push(['[graphology] build 19,020 directed graphs', slow(() => dags.forEach((d) => toGraphology(d)))]);
rows.push([
  '[graphology] APL via singleSourceLength',
  slow(() =>
    dags.forEach((d) => {
      const g = toGraphology(d);
      g.forEachNode((n) => singleSourceLength(g, n));
    }),
  ),
]);
rows.push(['[graphology] graphology-metrics diameter', slow(() => dags.forEach((d) => graphologyDiameter(toGraphology(d, { directed: false }))))]);
const load1 = loadavg()[0]!;

const width = Math.max(...rows.map(([n]) => n.length));
console.log(`graph-stats on ${dags.length} graphs — ${cpus()[0]?.model ?? 'cpu'}, load ${load0.toFixed(2)} → ${load1.toFixed(2)}`);
for (const [name, ms] of rows) console.log(`${name.padEnd(width)}  ${ms.toFixed(1).padStart(8)} ms`);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'graph-stats.json'), `${JSON.stringify({ graphs: dags.length, load: [load0, load1], ms: Object.fromEntries(rows) }, null, 2)}\n`);
