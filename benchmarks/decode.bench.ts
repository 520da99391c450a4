/**
 * Stochastic decoding speed at the paper's sizes (hs 501, nz 56; protocol §5, §11.3), one thread:
 * the μ of real test graphs under an untrained `dvae` (seed 1), decoded in batches of several
 * sizes. Prints ms per decoded graph beside the Python reference on this machine (9.5 ms).
 * An untrained model often draws END early (small graphs are cheap); `--full-graphs` sets the
 * END logit's bias to −50 so that every graph has 8 vertices (≈ 14 edges), as a trained
 * model's decodings of ENAS means have (8 vertices, ≈ 11.5 edges): a cost closer to evaluation.
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/decode.bench.ts [--graphs 1280] [--batches 128,512,1280] [--full-graphs]
 *
 * Writes benchmarks/results/decode.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnasDataset } from '@opnas/enas-data';
import { initRuntime, tf } from '@opnas/runtime';
import type { Tensor2D } from '@opnas/runtime';
import { createModel, encodeMean } from '@opnas/vae';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const count = Number(option('graphs') ?? 1280);
const batchSizes = (option('batches') ?? '128,512,1280').split(',').map(Number);
const here = dirname(fileURLToPath(import.meta.url));
const dataset = await loadEnasDataset({ path: process.env['OPNAS_ENAS_DATA'] ?? resolve(here, '../../shared/data/enas/final_structures6.txt') });
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
await initRuntime();
const model = createModel('dvae', { seed: 1 });
const mu = encodeMean(
  model,
  dataset.test.slice(0, count).map((r) => r.dag),
);
const fullGraphs = process.argv.includes('--full-graphs');
if (fullGraphs) {
  const bias = model.referenceParameters().find((p) => p.name === 'add_vertex.2.bias')!;
  const values = bias.read();
  values[1] = -50; // END
  bias.write(values);
}
console.log(`decode benchmark: dvae hs 501, nz 56, ${count} test means, stochastic${fullGraphs ? ', END only at the last step' : ''}; load before ${load()}`);
const results: Record<string, unknown>[] = [];
for (const batch of batchSizes) {
  // warm-up
  const warm = tf.tensor2d(mu.subarray(0, Math.min(batch, count) * 56), [Math.min(batch, count), 56]) as Tensor2D;
  model.decode(warm, { random: 0 });
  warm.dispose();
  const start = performance.now();
  let edges = 0;
  for (let s = 0; s < count; s += batch) {
    const rows = Math.min(batch, count - s);
    const z = tf.tensor2d(mu.subarray(s * 56, (s + rows) * 56), [rows, 56]) as Tensor2D;
    for (const g of model.decode(z, { random: s })) for (const m of g.inMasks) edges += m.toString(2).replace(/0/g, '').length;
    z.dispose();
  }
  const ms = (performance.now() - start) / count;
  results.push({ batch, fullGraphs, msPerGraph: ms, edgesPerGraph: edges / count, load: loadavg() });
  console.log(
    `batch ${String(batch).padStart(5)}: ${ms.toFixed(2)} ms/graph (reference 9.5 ms/graph; ${(9.5 / ms).toFixed(1)}×), ${(edges / count).toFixed(1)} edges/graph; load ${load()}`,
  );
}
const out = join(here, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, fullGraphs ? 'decode-full-graphs.json' : 'decode.json'),
  `${JSON.stringify({ date: new Date().toISOString(), cpu: cpus()[0]?.model, count, results }, null, 2)}\n`,
);
