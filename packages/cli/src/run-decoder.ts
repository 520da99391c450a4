import { access } from 'node:fs/promises';
import type { LatentDecoder } from '@opnas/bayesopt';
import { PythonRandom } from '@opnas/rng';
import { currentRuntime, initRuntime } from '@opnas/runtime';
import { decodeLatentsAsync, loadModel } from '@opnas/vae';
import { runFile } from './run-layout.js';

/**
 * Latent-mode BO's decoder for a training run: loads `<run>/model.safetensors` and decodes every
 * point `attempts` times, stochastically (protocol §7.4). Like the reference, each pass decodes the
 * whole batch of points once, so attempt `a` of every point comes from pass `a`; one generator
 * seeded with BO's seed runs through all passes. Returns undefined for a folder without weights.
 * Decodes through `decodeLatentsAsync`: on `wasm` and `cpu` the synchronous decoder (the same
 * graphs), on `webgpu` the asynchronous one, which reads each step with `await data()`.
 */
export async function loadRunDecoder(runDir: string): Promise<LatentDecoder | undefined> {
  const path = runFile(runDir, 'model');
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (!exists) return undefined;
  if (currentRuntime() === undefined) await initRuntime();
  const model = await loadModel(path);
  const nz = model.latentSize;
  return async (points, attempts, { seed }) => {
    const count = points.length;
    const block = new Float32Array(count * nz);
    points.forEach((point, p) => block.set(point, p * nz));
    const repeated = new Float32Array(attempts * count * nz);
    for (let a = 0; a < attempts; a++) repeated.set(block, a * count * nz);
    const graphs = await decodeLatentsAsync(model, repeated, { random: new PythonRandom(seed), batchSize: Math.max(256, count) });
    return points.map((_, p) => Array.from({ length: attempts }, (_, a) => graphs[a * count + p]!));
  };
}
