import { OperationEmbeddingError } from './errors.js';
import type { OperationEmbedding } from './operation-embedding.js';

/** The JSON form of an embedding table (what `embeddingToJson` writes and `embeddingFromJson` reads). */
export interface EmbeddingTableJson {
  readonly format: 'opnas-operation-embedding';
  readonly version: 1;
  readonly typeCount: number;
  readonly size: number;
  /** Operation names by type id, if known (e.g. `ENAS_VOCABULARY.names`). */
  readonly names?: readonly string[];
  /** Row `k` embeds type `k`. */
  readonly table: readonly (readonly number[])[];
}

/** Options of {@link embeddingToJson}. */
export interface EmbeddingToJsonOptions {
  /** Operation names by type id, stored beside the table. */
  readonly names?: readonly string[];
}

/**
 * The JSON form of a learned table, e.g. to carry it into the next DVAE-EMB iteration
 * (`new OperationEmbedding({ init: embeddingFromJson(text).table })`) or to plot it.
 */
export function embeddingToJson(source: OperationEmbedding | readonly (readonly number[])[], options: EmbeddingToJsonOptions = {}): EmbeddingTableJson {
  const table = Array.isArray(source) ? source.map((row) => [...row]) : (source as OperationEmbedding).toArray();
  const json = {
    format: 'opnas-operation-embedding' as const,
    version: 1 as const,
    typeCount: table.length,
    size: table[0]?.length ?? 0,
    ...(options.names === undefined ? {} : { names: [...options.names] }),
    table,
  };
  return embeddingFromJson(json);
}

function fail(message: string): never {
  throw new OperationEmbeddingError(`@opnas/op-embed: embedding JSON: ${message}`);
}

/**
 * Reads and checks an embedding table from its JSON text or parsed value.
 *
 * @throws {OperationEmbeddingError} naming the first field that is missing or malformed.
 */
export function embeddingFromJson(input: unknown): EmbeddingTableJson {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      fail(`not valid JSON (${(error as Error).message})`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('expected an object');
  const o = value as Record<string, unknown>;
  if (o['format'] !== 'opnas-operation-embedding') fail(`format must be 'opnas-operation-embedding', got ${JSON.stringify(o['format'])}`);
  if (o['version'] !== 1) fail(`version must be 1, got ${JSON.stringify(o['version'])}`);
  const typeCount = o['typeCount'];
  const size = o['size'];
  if (typeof typeCount !== 'number' || !Number.isInteger(typeCount) || typeCount < 2) fail(`typeCount must be an integer ≥ 2, got ${JSON.stringify(typeCount)}`);
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) fail(`size must be a positive integer, got ${JSON.stringify(size)}`);
  const table = o['table'];
  if (!Array.isArray(table) || table.length !== typeCount) fail(`table must have typeCount = ${typeCount} rows`);
  const rows = table.map((row: unknown, k) => {
    if (!Array.isArray(row) || row.length !== size) fail(`table[${k}] must have size = ${size} numbers`);
    return row.map((v: unknown, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`table[${k}][${j}] must be a finite number, got ${JSON.stringify(v)}`);
      return v;
    });
  });
  const names = o['names'];
  if (names !== undefined) {
    if (!Array.isArray(names) || names.length !== typeCount || names.some((n) => typeof n !== 'string')) {
      fail(`names must be ${typeCount} strings`);
    }
  }
  return {
    format: 'opnas-operation-embedding',
    version: 1,
    typeCount,
    size,
    ...(names === undefined ? {} : { names: [...(names as string[])] }),
    table: rows,
  };
}
