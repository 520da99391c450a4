import type { Dag } from '@opnas/dag';
import { positiveInteger } from '@opnas/errors';
import { tf } from '@opnas/runtime';
import { invalidArgument } from './errors.js';
import type { GraphVae } from './graph-vae.js';

/** Options of {@link encodeMean}. */
export interface EncodeMeanOptions {
  /** Graphs per forward pass. Default 32 (the reference's batch). */
  readonly batchSize?: number;
  /** Called after each batch with the number of graphs done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The posterior means μ of any number of graphs, batch by batch (eval mode: the latent point of
 * a graph, as the reference's `extract_latent` saves it, protocol §5.3). Returns `graphs.length`
 * rows of `model.latentSize` numbers, row-major.
 */
export function encodeMean(model: GraphVae, graphs: readonly Dag[], options: EncodeMeanOptions = {}): Float32Array {
  const batchSize = positiveInteger(options.batchSize ?? 32, 'batchSize', invalidArgument);
  const nz = model.latentSize;
  const out = new Float32Array(graphs.length * nz);
  for (let start = 0; start < graphs.length; start += batchSize) {
    const batch = graphs.slice(start, start + batchSize);
    const mu = tf.tidy(() => model.encode(batch).mu.dataSync());
    out.set(mu, start * nz);
    options.onProgress?.(start + batch.length, graphs.length);
  }
  return out;
}

/** {@link encodeMean} with asynchronous reads, on any backend (`webgpu` needs them). */
export async function encodeMeanAsync(model: GraphVae, graphs: readonly Dag[], options: EncodeMeanOptions = {}): Promise<Float32Array> {
  const batchSize = positiveInteger(options.batchSize ?? 32, 'batchSize', invalidArgument);
  const nz = model.latentSize;
  const out = new Float32Array(graphs.length * nz);
  for (let start = 0; start < graphs.length; start += batchSize) {
    const batch = graphs.slice(start, start + batchSize);
    const mu = tf.tidy(() => model.encode(batch).mu);
    try {
      out.set((await mu.data()) as Float32Array, start * nz);
    } finally {
      mu.dispose();
    }
    options.onProgress?.(start + batch.length, graphs.length);
  }
  return out;
}
