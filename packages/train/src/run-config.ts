import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Dag } from '@opnas/dag';
import { dagKey } from '@opnas/dag';
import writeFileAtomic from 'write-file-atomic';
import { CheckpointError } from './errors.js';
import { runPath } from './run-files.js';
import type { TrainingSettings } from './training-options.js';

/** A run directory's `config.json`: what was trained, how, and on which data. */
export interface RunConfig {
  readonly format: 'opnas-train-run';
  readonly version: 1;
  /** Registry name of the model. */
  readonly model: string;
  /** The options the model was built with (`seed` filled in). */
  readonly modelOptions: Readonly<Record<string, unknown>>;
  readonly settings: TrainingSettings;
  readonly data: {
    /** Number of training graphs. */
    readonly count: number;
    /** sha256 over the graphs' `dagKey`s in order: identifies the training list. */
    readonly fingerprint: string;
    /** What the caller recorded about the source (file path, its sha256, subset size, …). */
    readonly source: Readonly<Record<string, string | number>>;
  };
  /** Worker threads of the first session. */
  readonly workers: number;
  /** ISO time the run was created. */
  readonly created: string;
}

/** sha256 of the graphs' keys in order. */
export function graphsFingerprint(graphs: readonly Dag[]): string {
  const hash = createHash('sha256');
  for (const g of graphs) hash.update(`${dagKey(g)}\n`);
  return hash.digest('hex');
}

/**
 * Reads `config.json` of a run directory.
 *
 * @throws {CheckpointError} if it is missing or not an opnas run configuration.
 */
export async function readRunConfig(runDir: string): Promise<RunConfig> {
  const path = runPath(runDir, 'config');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CheckpointError(`@opnas/train: ${runDir} is not a run directory: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let config: RunConfig;
  try {
    config = JSON.parse(text) as RunConfig;
  } catch (error) {
    throw new CheckpointError(`@opnas/train: ${path} is not valid JSON (${(error as Error).message})`);
  }
  if (config?.format !== 'opnas-train-run' || config.version !== 1)
    throw new CheckpointError(`@opnas/train: ${path} is not an opnas run configuration (format ${JSON.stringify(config?.format)}, version ${JSON.stringify(config?.version)})`);
  if (typeof config.model !== 'string' || typeof config.settings !== 'object' || typeof config.data !== 'object') {
    throw new CheckpointError(`@opnas/train: ${path} lacks model, settings or data`);
  }
  return config;
}

/** Writes `config.json` atomically. */
export async function writeRunConfig(runDir: string, config: RunConfig): Promise<void> {
  await writeFileAtomic(runPath(runDir, 'config'), `${JSON.stringify(config, null, 2)}\n`);
}

/** The first path at which two JSON values differ, or null. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b) ? null : path || '(value)';
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of [...keys].sort()) {
    const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
    if (d !== null) return d;
  }
  return null;
}
