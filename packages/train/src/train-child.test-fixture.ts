/**
 * A training session in its own process, for the crash and resume tests: trains a tiny model on
 * the first graphs of the ENAS training split. Argument: a JSON object with runDir, epochs,
 * workers, resume, model, iterations, subset, batchSize, backend. SIGTERM/SIGINT stop it after the
 * current batch, as the CLI does. Prints the result as one JSON line.
 */
import { initRuntime } from '@opnas/runtime';
import { trainModel } from './train-model.js';
import { TINY, testDataset } from './test-data.test-util.js';

const args = JSON.parse(process.argv[2] ?? '{}') as {
  runDir: string;
  epochs: number;
  workers: number;
  resume?: boolean;
  model?: string;
  iterations?: number;
  subset?: number;
  batchSize?: number;
  carryOver?: 'embeddings' | 'all';
  backend?: 'wasm' | 'webgpu';
};
await initRuntime({ backend: args.backend ?? 'wasm' });
const dataset = await testDataset();
const controller = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => controller.abort());
const result = await trainModel({
  model: args.model ?? 'dvae',
  modelOptions: TINY,
  graphs: dataset.train.slice(0, args.subset ?? 40).map((r) => r.dag),
  epochs: args.epochs,
  batchSize: args.batchSize ?? 8,
  iterations: args.iterations ?? 1,
  ...(args.carryOver === undefined ? {} : { carryOver: args.carryOver }),
  workers: args.workers,
  runDir: args.runDir,
  resume: args.resume ?? false,
  signal: controller.signal,
  adam: { learningRate: 1e-2 },
});
process.stdout.write(`${JSON.stringify({ status: result.status, iteration: result.iteration, epoch: result.epoch, log: result.log })}\n`);
result.model.dispose();
