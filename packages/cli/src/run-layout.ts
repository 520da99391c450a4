import { join } from 'node:path';
import { RUN_FILES as TRAINING_RUN_FILES } from '@opnas/train';

/**
 * Files inside a run directory (`opnas train --out DIR`): the training package's files plus
 * what the CLI's own commands add. Plot, SGP and BO commands accept `--run DIR` and find their
 * inputs here, so a run is addressed by one path.
 */
export const RUN_FILES = {
  ...TRAINING_RUN_FILES,
  /** Best-so-far per BO round: {arm, seed, round, bestSoFar} JSON lines. */
  boCurves: 'bo-curves.jsonl',
} as const;

/** Path of a run file. */
export const runFile = (run: string, file: keyof typeof RUN_FILES): string => join(run, RUN_FILES[file]);
