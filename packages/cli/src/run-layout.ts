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
  /** Best-so-far per BO round: {arm, seed, round, bestSoFar} JSON lines. */
  boCurves: 'bo-curves.jsonl',
} as const;

/** Path of a run file. */
export const runFile = (run: string, file: keyof typeof RUN_FILES): string => join(run, RUN_FILES[file]);
