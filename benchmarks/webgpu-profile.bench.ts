/**
 * Where a training step's time goes on the webgpu backend (docs/guides/gpu.md, "The smoke
 * reproduction on webgpu"): for each model, at the smoke preset's sizes (hidden 16, latent 8),
 * the training path of a device backend (the main-thread pool: gradient, then the Adam step),
 * step by step, with the shader dispatches, queue submits, buffer reads and shader compilations
 * (pipelines created, and the time spent creating them) of each step. One JSON line per step.
 *
 *   LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json \
 *   nice -n 10 node --conditions=@opnas/source --import tsx benchmarks/webgpu-profile.bench.ts \
 *     [--models dvae,svae] [--batch 32] [--steps 2]
 *
 * It counts by wrapping methods of tfjs-backend-webgpu 4.22's backend object (`recordAndSubmit`,
 * `submitQueue`, `read`) and of the Dawn device (`createComputePipeline`), which are internals:
 * another tfjs version may need other names.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { loadEnasDataset } from '@opnas/enas-data';
import { PythonRandom } from '@opnas/rng';
import { initRuntime, tf } from '@opnas/runtime';
import { PAPER_ADAM, WorkerPool, parameterLayout, readVariables } from '@opnas/train';
import { createModel } from '@opnas/vae';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const models = option('models', 'dvae,dvae-emb,gcn,gcn-emb,svae,graphrnn').split(',');
const batch = Number(option('batch', '32'));
const steps = Number(option('steps', '2'));
const sizes = { hiddenSize: 16, latentSize: 8 };

await initRuntime({ backend: 'webgpu' });
type Method = (...args: unknown[]) => unknown;
const counts = { dispatches: 0, submits: 0, reads: 0, compiles: 0, compileMs: 0 };
const backend = tf.backend() as unknown as Record<string, Method> & { device: Record<string, Method> };
const count = (target: Record<string, Method>, name: string, onCall: () => void) => {
  const original = target[name]!.bind(target);
  target[name] = (...args) => {
    onCall();
    return original(...args);
  };
};
count(backend, 'recordAndSubmit', () => counts.dispatches++);
count(backend, 'submitQueue', () => counts.submits++);
count(backend, 'read', () => counts.reads++);
const createPipeline = backend.device['createComputePipeline']!.bind(backend.device);
backend.device['createComputePipeline'] = (...args) => {
  const t0 = performance.now();
  const pipeline = createPipeline(...args);
  counts.compiles++;
  counts.compileMs += performance.now() - t0;
  return pipeline;
};

const dataset = await loadEnasDataset({ path: process.env['OPNAS_ENAS_DATA'] ?? resolve(import.meta.dirname, '../../shared/data/enas/final_structures6.txt') });
const graphs = dataset.train.slice(0, batch * (steps + 1)).map((r) => r.dag);
for (const model of models) {
  const main = createModel(model, { ...sizes, seed: 1 });
  const layout = parameterLayout(main.variables());
  const pool = await WorkerPool.start({ model, modelOptions: { ...sizes, seed: 1 }, layout, backend: 'webgpu' });
  await Promise.all(main.variables().map((v) => v.data()));
  readVariables(main.variables(), layout, pool.weights);
  main.dispose();
  pool.weightsChanged();
  await pool.setGraphs(graphs);
  const noise = new PythonRandom(1);
  // Step 0 compiles the shaders; the later steps show whether anything compiles again.
  for (let step = 0; step <= steps; step++) {
    Object.assign(counts, { dispatches: 0, submits: 0, reads: 0, compiles: 0, compileMs: 0 });
    const t0 = performance.now();
    const losses = await pool.gradient(
      Array.from({ length: batch }, (_, i) => step * batch + i),
      noise.getState(),
      sizes.latentSize,
    );
    await pool.adamStep(step + 1, PAPER_ADAM.learningRate, PAPER_ADAM);
    const { compileMs, ...rest } = counts;
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(
      `${JSON.stringify({ model, batch, step, seconds: Number(seconds.toFixed(2)), ...rest, compileSeconds: Number((compileMs / 1000).toFixed(2)), loss: losses.loss / batch, load: loadavg().map((v) => Number(v.toFixed(2))) })}\n`,
    );
  }
  await pool.close();
}
process.stderr.write(`webgpu-profile: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}\n`);
