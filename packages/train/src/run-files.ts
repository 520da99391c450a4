import { join } from 'node:path';

/**
 * Files of a run directory (`trainModel({ runDir })`, `opnas train --out DIR`). The CLI's plot,
 * SGP and BO commands find their inputs here, so a run is addressed by one path.
 */
export const RUN_FILES = {
  /** The run's settings (model, sizes, training options, data identity), JSON. */
  config: 'config.json',
  /** One JSON object per epoch: {model, iteration, epoch, total, recon, kl, lr, seconds}; losses per graph. */
  trainLog: 'train-log.jsonl',
  /** Everything needed to resume exactly, in one atomically replaced safetensors file. */
  checkpoint: join('checkpoint', 'checkpoint.safetensors'),
  /** Final weights under the reference parameter names (see `@opnas/vae` `saveModelWeights`). */
  model: 'model.safetensors',
  /** Posterior means of train and test (see `@opnas/latents`). */
  latents: 'latents.safetensors',
  /** Table-1 metrics written by `evaluateRun`, JSON. */
  evaluation: 'evaluation.json',
} as const;

/** The learned operation embedding after iteration `t` of the T × N scheme (protocol §4.2), JSON (`@opnas/op-embed` format); `t = 0` is the table training started from. */
export const embeddingsFile = (iteration: number): string => `embeddings-iteration-${iteration}.json`;

/** Path of a run file. */
export const runPath = (runDir: string, file: keyof typeof RUN_FILES): string => join(runDir, RUN_FILES[file]);
