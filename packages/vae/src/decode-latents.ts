import type { Dag } from '@opnas/dag';
import type { DecodeOptions } from '@opnas/decoder';
import { positiveInteger } from '@opnas/errors';
import { PythonRandom } from '@opnas/rng';
import { readsAreAsync, tf } from '@opnas/runtime';
import type { Tensor2D } from '@opnas/runtime';
import { VaeError, invalidArgument } from './errors.js';
import type { GraphVae } from './graph-vae.js';

/** Options of {@link decodeLatents}. */
export interface DecodeLatentsOptions extends DecodeOptions {
  /** Latent points per decoding pass. Default 256. */
  readonly batchSize?: number;
  /** Called after each batch with the number of points done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Decodes latent points (rows of `model.latentSize` numbers, row-major, or an array of rows),
 * batch by batch, one graph per point. Stochastic by default, as every reference evaluation
 * decodes; one generator runs through all batches, so a seed makes the whole run reproducible.
 */
export function decodeLatents(model: GraphVae, latents: Float32Array | readonly (readonly number[])[], options: DecodeLatentsOptions = {}): Dag[] {
  const { flat, count, batchSize, random } = prepare(model, latents, options);
  const nz = model.latentSize;
  const graphs: Dag[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const rows = Math.min(batchSize, count - start);
    const z = tf.tensor2d(flat.subarray(start * nz, (start + rows) * nz), [rows, nz]) as Tensor2D;
    try {
      graphs.push(...model.decode(z, { ...(options.stochastic === undefined ? {} : { stochastic: options.stochastic }), random }));
    } finally {
      z.dispose();
    }
    options.onProgress?.(start + rows, count);
  }
  return graphs;
}

/**
 * {@link decodeLatents} on any backend: with asynchronous reads (`model.decodeAsync`) when the
 * backend needs them (`webgpu`), the same graphs as `decodeLatents` for the same generator.
 *
 * @throws {VaeError} on `webgpu` for a model without `decodeAsync`.
 */
export async function decodeLatentsAsync(model: GraphVae, latents: Float32Array | readonly (readonly number[])[], options: DecodeLatentsOptions = {}): Promise<Dag[]> {
  if (!readsAreAsync()) return decodeLatents(model, latents, options);
  if (model.decodeAsync === undefined) throw new VaeError(`@opnas/vae: model '${model.name}' has no decodeAsync, which the '${tf.getBackend()}' backend needs`);
  const { flat, count, batchSize, random } = prepare(model, latents, options);
  const nz = model.latentSize;
  const graphs: Dag[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const rows = Math.min(batchSize, count - start);
    const z = tf.tensor2d(flat.subarray(start * nz, (start + rows) * nz), [rows, nz]) as Tensor2D;
    try {
      graphs.push(...(await model.decodeAsync(z, { ...(options.stochastic === undefined ? {} : { stochastic: options.stochastic }), random })));
    } finally {
      z.dispose();
    }
    options.onProgress?.(start + rows, count);
  }
  return graphs;
}

function prepare(
  model: GraphVae,
  latents: Float32Array | readonly (readonly number[])[],
  options: DecodeLatentsOptions,
): { flat: Float32Array; count: number; batchSize: number; random: PythonRandom } {
  const nz = model.latentSize;
  const flat =
    latents instanceof Float32Array
      ? latents
      : Float32Array.from(
          latents.flatMap((row, i) => {
            if (row.length !== nz) throw new VaeError(`@opnas/vae: latent row ${i} has ${row.length} numbers; the model's latent size is ${nz}`);
            return [...row];
          }),
        );
  if (flat.length % nz !== 0) throw new VaeError(`@opnas/vae: ${flat.length} numbers are not whole rows of the latent size ${nz}`);
  const batchSize = positiveInteger(options.batchSize ?? 256, 'batchSize', invalidArgument);
  const random = options.random instanceof PythonRandom ? options.random : new PythonRandom(options.random ?? 0);
  return { flat, count: flat.length / nz, batchSize, random };
}
