import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AccuracySurrogate } from '@opnas/bayesopt';
import writeFileAtomic from 'write-file-atomic';
import { SurrogateFileError } from './errors.js';
import { GradientBoostedTrees, type GradientBoostedTreesJson, type GradientBoostedTreesOptions } from './gradient-boosted-trees.js';
import { oneHotRows } from './one-hot-rows.js';

/** Held-out quality of a surrogate, on the raw accuracy scale. */
export interface HeldOutMetrics {
  /** Architectures the measured model was fitted on, and held out. */
  readonly fitted: number;
  readonly heldOut: number;
  readonly rmse: number;
  readonly pearson: number;
  readonly spearman: number;
  readonly kendallTau: number;
  /** RMSE of always predicting the fitting set's mean, for scale. */
  readonly constantRmse: number;
}

/** The JSON model file. */
export interface SurrogateFile {
  readonly format: 'opnas-enas-surrogate';
  readonly version: 1;
  /** e.g. 'enas-surrogate-v1'. */
  readonly name: string;
  readonly model: 'gradient-boosted-trees';
  readonly features: 'one-hot-51';
  /** What the predictions stand for. */
  readonly target: string;
  /** The data it was fitted on. */
  readonly data: { readonly file: string; readonly sha256: string; readonly architectures: number };
  readonly settings: GradientBoostedTreesOptions;
  /** Measured on the fixed split with the same settings (see `surrogateSplit`). */
  readonly heldOut: HeldOutMetrics;
  readonly trees: GradientBoostedTreesJson;
}

/** A loaded surrogate: an `AccuracySurrogate` for `surrogateEvaluator`, with its provenance. */
export interface EnasSurrogate extends AccuracySurrogate {
  readonly file: SurrogateFile;
  /** sha256 of the model file, hex. */
  readonly sha256: string;
}

// The CJS build has __filename, the ESM build import.meta.url.
const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);

/** Where the shipped model lives: `model/enas-surrogate-v1.json` in this package. */
export const DEFAULT_SURROGATE_PATH = join(dirname(here), '..', 'model', 'enas-surrogate-v1.json');

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Write a model file and its `<path>.sha256` (sha256sum format), atomically. Returns the hash. */
export async function writeSurrogateFile(path: string, file: SurrogateFile): Promise<string> {
  const text = JSON.stringify(file) + '\n';
  const hash = sha256(text);
  await writeFileAtomic(path, text);
  await writeFileAtomic(`${path}.sha256`, `${hash}  ${path.split('/').at(-1)}\n`);
  return hash;
}

/**
 * Load a surrogate model file (default: the shipped one), after checking it against its
 * `.sha256` file — an altered or truncated model is an error, never silently different scores.
 */
export async function loadEnasSurrogate(path: string = DEFAULT_SURROGATE_PATH): Promise<EnasSurrogate> {
  let bytes: Buffer;
  let expected: string;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new SurrogateFileError(`@opnas/enas-surrogate: cannot read the model file ${path}: ${(error as Error).message}`);
  }
  try {
    expected = (await readFile(`${path}.sha256`, 'utf8')).trim().split(/\s+/)[0] ?? '';
  } catch {
    throw new SurrogateFileError(`@opnas/enas-surrogate: ${path}.sha256 is missing: the model cannot be checked`);
  }
  const actual = sha256(bytes);
  if (actual !== expected)
    throw new SurrogateFileError(`@opnas/enas-surrogate: ${path}: sha256 ${actual} does not match ${path}.sha256 (${expected}); refit it or restore the file`);
  let file: SurrogateFile;
  try {
    file = JSON.parse(bytes.toString('utf8')) as SurrogateFile;
  } catch {
    throw new SurrogateFileError(`@opnas/enas-surrogate: ${path} is not JSON`);
  }
  if (file?.format !== 'opnas-enas-surrogate' || file.version !== 1) throw new SurrogateFileError(`@opnas/enas-surrogate: ${path} is not an opnas ENAS surrogate (version 1) file`);
  if (file.model !== 'gradient-boosted-trees' || file.features !== 'one-hot-51')
    throw new SurrogateFileError(`@opnas/enas-surrogate: ${path}: unknown model ${file.model} on ${file.features}`);
  const trees = GradientBoostedTrees.fromJSON(file.trees);
  const m = file.heldOut;
  return {
    file,
    sha256: actual,
    description:
      `${file.name}: gradient-boosted trees on one-hot ENAS-6 features, fitted on ${file.data.architectures} labelled architectures; ` +
      `held-out RMSE ${m.rmse.toFixed(5)}, Pearson ${m.pearson.toFixed(3)}, Kendall τ ${m.kendallTau.toFixed(3)}; sha256 ${actual.slice(0, 12)}`,
    predict: (flats) => trees.predict(oneHotRows(flats)),
  };
}
