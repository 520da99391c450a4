import { readFile } from 'node:fs/promises';
import type { Dag, SearchSpace } from '@opnas/dag';
import { SpacesError } from './errors.js';

/** Architectures with the numbers a user measured for them (accuracy, or any score). */
export interface LabelledArchitectures {
  /** The architectures in file order. */
  readonly architectures: readonly Dag[];
  /** The label of each architecture. */
  readonly labels: readonly number[];
  /** The space's key of each architecture. */
  readonly keys: readonly string[];
  /** Label by key, for evaluators and caches. */
  readonly byKey: ReadonlyMap<string, number>;
}

/** Options of {@link parseLabels}. */
export interface LabelsOptions {
  /** Name of the file, for error messages. Default `labels`. */
  readonly source?: string;
}

/**
 * Read a labels file: one architecture per line, its notation in the space's own syntax, then
 * whitespace, then a finite number (the last field, so notations with spaces, such as ENAS flat
 * strings, work unchanged). Blank lines and lines starting with `#` are skipped. An architecture
 * that is invalid in the space, a bad number, or two lines with the same key is an error naming
 * the file and line.
 */
export function parseLabels(text: string, space: SearchSpace, options: LabelsOptions = {}): LabelledArchitectures {
  const source = options.source ?? 'labels';
  const architectures: Dag[] = [];
  const labels: number[] = [];
  const keys: string[] = [];
  const byKey = new Map<string, number>();
  const lineOf = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const where = `@opnas/spaces: ${source}: line ${index + 1}`;
    if (line === '' || line.startsWith('#')) return;
    const split = line.search(/\s+\S+$/);
    if (split < 0) throw new SpacesError(`${where}: expected "<architecture> <label>", found one field`);
    const notation = line.slice(0, split);
    const field = line.slice(split).trim();
    const label = Number(field);
    if (field === '' || !Number.isFinite(label)) throw new SpacesError(`${where}: label "${field}" is not a finite number`);
    let dag: Dag;
    try {
      dag = space.parse(notation);
    } catch (error) {
      throw new SpacesError(`${where}: ${(error as Error).message}`);
    }
    const validity = space.check(dag);
    if (!validity.valid) throw new SpacesError(`${where}: not a valid ${space.name} architecture (${validity.rule}: ${validity.message})`);
    const key = space.key(dag);
    const previous = lineOf.get(key);
    if (previous !== undefined) throw new SpacesError(`${where}: the same architecture as line ${previous} (key ${key})`);
    lineOf.set(key, index + 1);
    architectures.push(dag);
    labels.push(label);
    keys.push(key);
    byKey.set(key, label);
  });
  if (architectures.length === 0) throw new SpacesError(`@opnas/spaces: ${source}: no labelled architectures`);
  return { architectures, labels, keys, byKey };
}

/** {@link parseLabels} on a file. */
export async function readLabelsFile(path: string, space: SearchSpace): Promise<LabelledArchitectures> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SpacesError(`@opnas/spaces: cannot read labels file ${path}: ${(error as Error).message}`);
  }
  return parseLabels(text, space, { source: path });
}
