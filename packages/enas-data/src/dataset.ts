import { nonNegativeInteger } from '@opnas/errors';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { type DataSourceOptions, resolveEnasDataPath } from './data-source.js';
import { invalidArgument } from './errors.js';
import { type EnasRecord, type ParseFileOptions, parseEnasFile } from './parse-file.js';
import { type SplitOptions, splitIndices } from './split.js';

/** The ENAS dataset, parsed and split as the reference does. */
export interface EnasDataset {
  /** Absolute path of the file read, or `<memory>`. */
  readonly path: string;
  /** sha256 of the file, hex. */
  readonly sha256: string;
  /** Every line of the file, burn-in included, in file order. */
  readonly records: readonly EnasRecord[];
  /** The post-burn-in graphs (19,020) in file order; `graphs[i].index === i`. */
  readonly graphs: readonly EnasRecord[];
  /** Training graphs (17,118) in shuffled order (protocol §1.6). */
  readonly train: readonly EnasRecord[];
  /** Test graphs (1,902) in shuffled order. */
  readonly test: readonly EnasRecord[];
  /** Number of burn-in lines skipped. */
  readonly burnIn: number;
}

/** Options of {@link loadEnasDataset} and {@link buildEnasDataset}. */
export interface DatasetOptions extends DataSourceOptions, Omit<ParseFileOptions, 'source'>, SplitOptions {}

/** Parse and split a data file already in memory. */
export function buildEnasDataset(text: string, options: DatasetOptions & { readonly source?: string } = {}): EnasDataset {
  const burnIn = options.burnIn ?? 1000;
  nonNegativeInteger(burnIn, 'burnIn', invalidArgument);
  const records = parseEnasFile(text, { ...options, burnIn, source: options.source ?? 'final_structures6.txt' });
  const graphs = records.slice(burnIn);
  const split = splitIndices(graphs.length, options);
  return {
    path: options.path ?? '<memory>',
    sha256: createHash('sha256').update(text).digest('hex'),
    records,
    graphs,
    train: split.train.map((i) => graphs[i]!),
    test: split.test.map((i) => graphs[i]!),
    burnIn,
  };
}

/**
 * Find (see `resolveEnasDataPath`), read, parse and split the ENAS dataset. With the defaults
 * this is the reference's data: 1,000 burn-in lines skipped, 17,118 train and 1,902 test graphs.
 */
export async function loadEnasDataset(options: DatasetOptions = {}): Promise<EnasDataset> {
  const { path } = await resolveEnasDataPath(options);
  const text = await readFile(path, 'utf8');
  return { ...buildEnasDataset(text, { ...options, source: basename(path) }), path };
}
