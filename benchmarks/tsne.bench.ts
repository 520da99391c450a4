/**
 * Barnes–Hut t-SNE at protocol §9's size and settings: 17,118 points × 56 dimensions (the training
 * latents), perplexity 30, early exaggeration 12, learning rate 200, 1,000 iterations. Target:
 * under 2 minutes on one core.
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/tsne.bench.ts [--points 17118] [--iterations 1000]
 *
 * Data are synthetic but latent-shaped: 40 Gaussian clusters with random centres in 56-D plus
 * isotropic noise, seeded. Prints phase times and the final KL with the machine load; writes
 * benchmarks/results/tsne.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PythonRandom } from '@opnas/rng';
import { tsne } from '@opnas/tsne';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rows = arg('points', 17118);
const iterations = arg('iterations', 1000);
const cols = 56;
const random = new PythonRandom(2024);
const centres = Array.from({ length: 40 }, () => Array.from({ length: cols }, () => 3 * random.gauss(0, 1)));
const data = new Float32Array(rows * cols);
for (let i = 0; i < rows; i++) {
  const c = centres[random.randbelow(centres.length)]!;
  for (let d = 0; d < cols; d++) data[i * cols + d] = c[d]! + random.gauss(0, 1);
}

const load0 = loadavg()[0]!;
const t0 = performance.now();
let neighboursDone = 0;
let lastLine = t0;
const result = tsne(
  { rows, cols, data },
  {
    iterations,
    seed: 0,
    onProgress: (p) => {
      const now = performance.now();
      if (p.phase === 'neighbours' && p.done === p.total) {
        neighboursDone = now;
        console.log(`neighbours + start: ${((now - t0) / 1000).toFixed(1)} s`);
      }
      if (p.phase === 'optimise' && (p.iteration % 250 === 0 || now - lastLine > 20000)) {
        lastLine = now;
        console.log(`iteration ${p.iteration}: KL ${p.klDivergence.toFixed(4)}, ${((now - t0) / 1000).toFixed(1)} s`);
      }
    },
  },
);
const total = performance.now() - t0;
const load1 = loadavg()[0]!;
const optimise = total - (neighboursDone - t0);
console.log(`t-SNE ${rows} × ${cols}, ${result.iterations} iterations — ${cpus()[0]?.model ?? 'cpu'}, load ${load0.toFixed(2)} → ${load1.toFixed(2)}`);
console.log(`  exact 91-NN search       ${((neighboursDone - t0) / 1000).toFixed(1).padStart(7)} s`);
console.log(`  P + optimisation         ${(optimise / 1000).toFixed(1).padStart(7)} s  (${(optimise / result.iterations).toFixed(1)} ms/iteration)`);
console.log(`  total                    ${(total / 1000).toFixed(1).padStart(7)} s  (target ≤ 120 s)`);
console.log(`  final KL                 ${result.klDivergence.toFixed(4)}`);
const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', 'tsne.json'),
  `${JSON.stringify({ rows, cols, iterations: result.iterations, seconds: { neighbours: (neighboursDone - t0) / 1000, optimise: optimise / 1000, total: total / 1000 }, klDivergence: result.klDivergence, load: [load0, load1] }, null, 2)}\n`,
);
