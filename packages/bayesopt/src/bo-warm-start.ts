import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { BayesOptLogError } from './errors.js';

/**
 * Where a seed's fitted parameters after `round` are kept beside the log. Two files per seed,
 * alternating by round: the one written for a round never overwrites the previous round's, so
 * whichever round the log ends at (it is written after the parameters), its parameters exist.
 */
const warmStartPath = (logPath: string, seed: number, round: number) => `${logPath}.warm-start-${seed}-${round % 2}.json`;

interface WarmStartFile {
  readonly format: 'opnas-bo-warm-start';
  readonly version: 1;
  readonly seed: number;
  readonly round: number;
  /** The Float64Array's bytes, little-endian, base64: exact and a third of JSON numbers' size. */
  readonly parameters: string;
}

/** Keeps the parameters of `seed`'s fit in `round`, atomically. */
export async function writeWarmStart(logPath: string, seed: number, round: number, parameters: Float64Array): Promise<void> {
  const bytes = Buffer.from(parameters.buffer, parameters.byteOffset, parameters.byteLength);
  const file: WarmStartFile = { format: 'opnas-bo-warm-start', version: 1, seed, round, parameters: bytes.toString('base64') };
  await writeFileAtomic(warmStartPath(logPath, seed, round), `${JSON.stringify(file)}\n`);
}

/** The parameters of `seed`'s fit in `round`, as {@link writeWarmStart} kept them; a {@link BayesOptLogError} when they are missing or are another round's. */
export async function readWarmStart(logPath: string, seed: number, round: number): Promise<Float64Array> {
  const path = warmStartPath(logPath, seed, round);
  let file: WarmStartFile;
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as WarmStartFile;
  } catch (error) {
    throw new BayesOptLogError(
      `@opnas/bayesopt: ${path}: cannot resume a warm-started run without the parameters of seed ${seed} round ${round + 1} (${(error as Error).message}); delete the log to start again`,
    );
  }
  if (file.format !== 'opnas-bo-warm-start' || file.seed !== seed || file.round !== round || typeof file.parameters !== 'string') {
    throw new BayesOptLogError(
      `@opnas/bayesopt: ${path} holds seed ${file.seed} round ${file.round + 1}, expected seed ${seed} round ${round + 1}: the log and its warm-start files disagree`,
    );
  }
  const bytes = Buffer.from(file.parameters, 'base64');
  if (bytes.byteLength % 8 !== 0) throw new BayesOptLogError(`@opnas/bayesopt: ${path}: the parameters are ${bytes.byteLength} bytes, not a whole number of float64`);
  // copy into an aligned buffer
  return new Float64Array(Uint8Array.from(bytes).buffer);
}
