import { join } from 'node:path';

/**
 * Files inside a run directory (`opnas train --out DIR`). Plot, SGP and BO commands accept
 * `--run DIR` and find their inputs here, so a run is addressed by one path.
 */
export const RUN_FILES = {
  /** Per-epoch JSON lines: {model, iteration, epoch, total, recon, kl, lr, seconds}. */
  trainLog: 'train-log.jsonl',
  /** Posterior means of train and test (see @opnas/latents). */
  latents: 'latents.safetensors',
  /** The run's settings and data identity (JSON, written by opnas train; see @opnas/train). */
  config: 'config.json',
  /** Resumable training state, one atomically replaced file (see @opnas/train). */
  checkpoint: 'checkpoint/checkpoint.safetensors',
  /** Final weights under the reference parameter names (see @opnas/vae). */
  model: 'model.safetensors',
  /** Table-1 metrics of `opnas eval` (JSON). */
  evaluation: 'evaluation.json',
  /** Best-so-far per BO round: {arm, seed, round, bestSoFar} JSON lines. */
  boCurves: 'bo-curves.jsonl',
} as const;

/** DVAE-EMB's learned operation embedding after iteration t (JSON, @opnas/op-embed format). */
export const embeddingsFile = (iteration: number): string => `embeddings-iteration-${iteration}.json`;

/** Path of a run file. */
export const runFile = (run: string, file: keyof typeof RUN_FILES): string => join(run, RUN_FILES[file]);
