/**
 * The GPU-machine check (docs/guides/gpu.md): run once on a machine with a GPU. Prints the
 * adapter (webgpu) or the native package (tensorflow), runs the backend-conformance tests on that
 * backend against wasm, times one training step of DVAE-EMB at the paper's sizes (hs 501,
 * nz 56) at batch 32, 128 and 512 (the training path of a device backend: the main-thread pool,
 * gradient and Adam step), and a batch of 1,000 stochastic decodes from the prior, then prints
 * one JSON line. Needs nothing beyond `pnpm install` and, for webgpu, a Vulkan/Metal/D3D12
 * driver (Linux: the Vulkan loader `libvulkan1`).
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/gpu.bench.ts \
 *     [--backend webgpu|tensorflow] [--steps 3] [--quick] [--skip-conformance]
 *
 * `--quick` shrinks everything (hs 16, nz 8, batches 8/16/32, 20 decodes) for a software GPU
 * (SwiftShader), where the figures mean nothing and only guard against regressions.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnasDataset } from '@opnas/enas-data';
import { PythonRandom } from '@opnas/rng';
import { initRuntime, tf } from '@opnas/runtime';
import type { BackendName, Tensor2D } from '@opnas/runtime';
import { PAPER_ADAM, WorkerPool, parameterLayout, readVariables } from '@opnas/train';
import { createModel } from '@opnas/vae';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);
const backend = (option('backend') ?? 'webgpu') as BackendName;
if (backend !== 'webgpu' && backend !== 'tensorflow') throw new Error(`gpu.bench: --backend must be webgpu or tensorflow, got ${backend}`);
const quick = flag('quick');
const steps = Number(option('steps') ?? 3);
const sizes = quick ? { hiddenSize: 16, latentSize: 8 } : { hiddenSize: 501, latentSize: 56 };
const batchSizes = quick ? [8, 16, 32] : [32, 128, 512];
const decodes = quick ? 20 : 1000;
const model = 'dvae-emb';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const started = performance.now();
const log = (line: string) => process.stderr.write(`gpu.bench: ${line}\n`);

const runtime = await initRuntime({ backend });
const device = backend === 'webgpu' ? runtime.adapter : { package: runtime.nativePackage };
log(`backend ${backend}: ${JSON.stringify(device)}`);

// The conformance tests, in a child process (vitest), on this backend against wasm.
let conformance: { passed: boolean; seconds: number } | null = null;
if (!flag('skip-conformance')) {
  const t0 = performance.now();
  const files = ['packages/vae/src/backend-conformance.test.ts', ...(backend === 'webgpu' ? ['packages/runtime/src/webgpu-backend.test.ts'] : [])];
  const child = spawnSync('npx', ['vitest', 'run', ...files], { cwd: root, env: { ...process.env, OPNAS_CONFORMANCE_BACKENDS: backend }, encoding: 'utf8' });
  conformance = { passed: child.status === 0, seconds: (performance.now() - t0) / 1000 };
  log(`conformance ${conformance.passed ? 'passed' : 'FAILED'} in ${conformance.seconds.toFixed(0)} s`);
  if (!conformance.passed) process.stderr.write(child.stdout.split('\n').slice(-40).join('\n'));
}

const dataset = await loadEnasDataset({ path: process.env['OPNAS_ENAS_DATA'] ?? resolve(root, '../shared/data/enas/final_structures6.txt') });
const graphs = dataset.train.slice(0, Math.max(...batchSizes)).map((r) => r.dag);

// Training steps: the path trainModel takes on a device backend.
const training: { batch: number; secondsPerStep: number; loss: number }[] = [];
const main = createModel(model, { ...sizes, seed: 1 });
const layout = parameterLayout(main.variables());
const pool = await WorkerPool.start({ model, modelOptions: { ...sizes, seed: 1 }, layout, backend });
await Promise.all(main.variables().map((v) => v.data()));
readVariables(main.variables(), layout, pool.weights);
pool.weightsChanged();
await pool.setGraphs(graphs);
const noise = new PythonRandom(1);
let step = 0;
for (const batch of batchSizes) {
  const indices = Array.from({ length: batch }, (_, i) => i);
  const once = async () => {
    const losses = await pool.gradient(indices, noise.getState(), sizes.latentSize);
    await pool.adamStep(++step, PAPER_ADAM.learningRate, PAPER_ADAM);
    return losses.loss;
  };
  await once(); // warm-up: shader compilation, buffer allocation
  const t0 = performance.now();
  let loss = 0;
  for (let s = 0; s < steps; s++) loss = await once();
  training.push({ batch, secondsPerStep: (performance.now() - t0) / 1000 / steps, loss: loss / batch });
  log(`batch ${batch}: ${training.at(-1)!.secondsPerStep.toFixed(3)} s per training step`);
}
await pool.close();

// Stochastic decodes of prior points, one batch.
const z = tf.randomNormal([decodes, sizes.latentSize], 0, 1, 'float32', 7) as Tensor2D;
await main.decodeAsync!(z, { random: new PythonRandom(2) }); // warm-up
const t0 = performance.now();
const decoded = await main.decodeAsync!(z, { random: new PythonRandom(3) });
const decodeSeconds = (performance.now() - t0) / 1000;
z.dispose();
main.dispose();
log(`${decodes} stochastic decodes: ${decodeSeconds.toFixed(2)} s`);

process.stdout.write(
  `${JSON.stringify({
    date: new Date().toISOString(),
    backend,
    device,
    quick,
    model,
    ...sizes,
    conformance,
    training,
    decode: { count: decoded.length, seconds: decodeSeconds },
    totalSeconds: (performance.now() - started) / 1000,
    cpu: cpus()[0]?.model,
    load: loadavg().map((v) => Number(v.toFixed(2))),
  })}\n`,
);
