/**
 * Evaluation speed at the paper's sizes (protocol §5, §11.3) on worker threads (`@opnas/train`):
 * the full validity / uniqueness / novelty pass (1,000 points × 10 stochastic decodings), the
 * novelty lookup alone (hashing 17,118 training graphs), and reconstruction (100 decodings of μ
 * per test graph) measured on `--test` test graphs and extrapolated to all 1,902.
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/evaluate.bench.ts [--run DIR] [--workers 2] [--test 256]
 *
 * With `--run` it evaluates that run's trained model (trained models decode bigger graphs than
 * an untrained one: 8 vertices, ≈ 11.5 edges); otherwise an untrained `dvae` (seed 1).
 * Writes benchmarks/results/evaluate.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dagKey, isSameDag } from '@opnas/dag';
import { loadEnasDataset } from '@opnas/enas-data';
import { initRuntime } from '@opnas/runtime';
import { WorkerPool, loadRunModel, priorValidity, reconstructionAccuracy } from '@opnas/train';
import { createModel } from '@opnas/vae';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const workers = Number(option('workers') ?? 2);
const testCount = Number(option('test') ?? 256);
const runDir = option('run');
const here = dirname(fileURLToPath(import.meta.url));
const dataset = await loadEnasDataset({ path: process.env['OPNAS_ENAS_DATA'] ?? resolve(here, '../../shared/data/enas/final_structures6.txt') });
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
await initRuntime();
const loaded =
  runDir === undefined
    ? { model: createModel('dvae', { seed: 1 }), options: { seed: 1 }, name: 'untrained dvae' }
    : await loadRunModel(runDir).then((r) => ({ model: r.model, options: r.config.modelOptions, name: `${r.config.model} from ${runDir}` }));
console.log(`evaluate benchmark: ${loaded.name}, ${workers} worker(s); cpu ${cpus()[0]?.model} × ${cpus().length}; load before ${load()}`);
const pool = await WorkerPool.forModel(loaded.model, loaded.options, { workers });
const train = dataset.train.map((r) => r.dag);
const rows: [string, string][] = [];
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

let t = performance.now();
const { mu } = await pool.encode(train);
const encodeSeconds = (performance.now() - t) / 1000;
rows.push(['encode 17,118 training graphs (μ)', `${encodeSeconds.toFixed(1)} s`]);

t = performance.now();
let c = cpu();
const validity = await priorValidity(pool, mu, loaded.model.latentSize, train);
const validitySeconds = (performance.now() - t) / 1000;
const validityCpu = cpu() - c;
rows.push([
  'validity/uniqueness/novelty pass (10,000 decodings)',
  `${validitySeconds.toFixed(1)} s wall = ${((1000 * validitySeconds) / 10_000).toFixed(2)} ms per decoding (${workers} workers); CPU ${((1000 * validityCpu) / 10_000).toFixed(2)} ms per decoding; validity ${validity.validity.toFixed(3)}`,
]);

// Novelty alone: hash the training set, look up the 10,000 decodings (here: 10,000 training
// graphs, all hits) — what the reference does with a 10⁴ × 1.7·10⁴ isSameDag scan.
const probe = train.slice(0, 10_000);
t = performance.now();
const keys = new Set(train.map(dagKey));
let hits = 0;
for (const g of probe) if (keys.has(dagKey(g))) hits++;
const noveltyMs = performance.now() - t;
// The scan's cost for novel graphs (no early exit): test graphs are not in the training set.
const misses = dataset.test.slice(0, 200).map((r) => r.dag);
t = performance.now();
let scanHits = 0;
for (const g of misses) if (train.some((x) => isSameDag(g, x))) scanHits++;
const scanMs = ((performance.now() - t) * probe.length) / misses.length;
rows.push([
  'novelty lookup, hashed (17,118 keys, 10,000 probes)',
  `${noveltyMs.toFixed(1)} ms (${hits} hits); a linear isSameDag scan in JS would take ≈ ${(scanMs / 1000).toFixed(1)} s for 10,000 novel graphs (${scanHits} of 200 sampled were found)`,
]);

const test = dataset.test.slice(0, testCount).map((r) => r.dag);
t = performance.now();
c = cpu();
const recon = await reconstructionAccuracy(pool, test);
const reconSeconds = (performance.now() - t) / 1000;
const reconCpu = cpu() - c;
const fullRecon = (reconSeconds * 1902) / testCount;
rows.push([
  `reconstruction, ${testCount} test graphs × 100 decodings`,
  `${reconSeconds.toFixed(1)} s wall = ${((1000 * reconSeconds) / (testCount * 100)).toFixed(2)} ms per decoding; CPU ${((1000 * reconCpu) / (testCount * 100)).toFixed(2)} ms per decoding; accuracy ${recon.accuracy.toFixed(4)}`,
]);
rows.push([
  'reconstruction, all 1,902 × 100 (extrapolated)',
  `${(fullRecon / 60).toFixed(1)} min wall; ${((reconCpu * 1902) / testCount / workers / 60).toFixed(1)} min on an idle machine (CPU / workers)`,
]);
await pool.close();
for (const [k, v] of rows) console.log(`${k.padEnd(56)} ${v}`);
console.log(`load after ${load()}`);
const out = join(here, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'evaluate.json'),
  `${JSON.stringify({ date: new Date().toISOString(), cpu: cpus()[0]?.model, model: loaded.name, workers, encodeSeconds, validitySeconds, validityCpuSeconds: validityCpu, noveltyMs, scanSecondsEstimate: scanMs / 1000, reconSeconds, reconCpuSeconds: reconCpu, reconTestGraphs: testCount, reconFullMinutesExtrapolated: fullRecon / 60, load: loadavg(), reference: '9.5 ms per stochastic decode, ~25 min novelty (Python, this machine)' }, null, 2)}\n`,
);
