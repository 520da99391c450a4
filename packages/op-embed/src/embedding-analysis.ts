import { ENAS_VOCABULARY } from '@opnas/dag';
import { positiveInteger } from '@opnas/errors';
import { OperationEmbeddingError, invalidArgument } from './errors.js';

/** An operation table: one row of numbers per operation type (e.g. `8 × d`). */
export type EmbeddingTable = readonly (readonly number[])[];

function checkAnalysisTable(table: EmbeddingTable): void {
  if (table.length === 0) throw new OperationEmbeddingError('@opnas/op-embed: table must have at least one row');
  const size = table[0]!.length;
  table.forEach((row, k) => {
    if (row.length !== size) throw new OperationEmbeddingError(`@opnas/op-embed: table row ${k} has ${row.length} numbers, row 0 has ${size}`);
    row.forEach((v: number, j: number) => {
      if (!Number.isFinite(v)) throw new OperationEmbeddingError(`@opnas/op-embed: table[${k}][${j}] must be finite, got ${v}`);
    });
  });
}

/** Euclidean distances between all pairs of rows (`n × n`, zero diagonal). */
export function pairwiseDistances(table: EmbeddingTable): number[][] {
  checkAnalysisTable(table);
  return table.map((a) => table.map((b) => Math.sqrt(a.reduce((s, x, j) => s + (x - b[j]!) ** 2, 0))));
}

/**
 * Cosine similarities between all pairs of rows (`n × n`, unit diagonal).
 *
 * @throws {OperationEmbeddingError} if a row is all zeros (its direction is undefined).
 */
export function cosineSimilarities(table: EmbeddingTable): number[][] {
  checkAnalysisTable(table);
  const norms = table.map((row, k) => {
    const n = Math.sqrt(row.reduce((s, x) => s + x * x, 0));
    if (n === 0) throw new OperationEmbeddingError(`@opnas/op-embed: row ${k} is zero, so its cosine similarity is undefined`);
    return n;
  });
  return table.map((a, i) => table.map((b, j) => a.reduce((s, x, d) => s + x * b[d]!, 0) / (norms[i]! * norms[j]!)));
}

/** Options of {@link nearestOperations}. */
export interface NearestOperationsOptions {
  /** How many neighbours per operation. Default 3. */
  readonly k?: number;
  /** `'euclidean'` (smallest distance first, default) or `'cosine'` (largest similarity first). */
  readonly metric?: 'euclidean' | 'cosine';
  /** Names by type id. Default: ENAS names for an 8-row table, else `type k`. */
  readonly names?: readonly string[];
  /** Type ids left out as queries and as neighbours, e.g. `[0, 1]` to ignore START and END. */
  readonly exclude?: readonly number[];
}

/** One operation and its nearest others. */
export interface OperationNeighbours {
  readonly type: number;
  readonly name: string;
  /** Nearest first; `value` is the distance or the cosine similarity. */
  readonly neighbours: readonly { readonly type: number; readonly name: string; readonly value: number }[];
}

/** For each operation, its `k` nearest operations in the embedding. */
export function nearestOperations(table: EmbeddingTable, options: NearestOperationsOptions = {}): OperationNeighbours[] {
  const metric = options.metric ?? 'euclidean';
  if (metric !== 'euclidean' && metric !== 'cosine') {
    throw new OperationEmbeddingError(`@opnas/op-embed: metric must be 'euclidean' or 'cosine', got '${String(metric)}'`);
  }
  const k = positiveInteger(options.k ?? 3, 'k', invalidArgument);
  const matrix = metric === 'euclidean' ? pairwiseDistances(table) : cosineSimilarities(table);
  const n = table.length;
  const names = options.names ?? (n === ENAS_VOCABULARY.names.length ? ENAS_VOCABULARY.names : Array.from({ length: n }, (_, i) => `type ${i}`));
  if (names.length !== n) throw new OperationEmbeddingError(`@opnas/op-embed: names has ${names.length} entries for a table of ${n} rows`);
  const excluded = new Set(options.exclude ?? []);
  const kept = Array.from({ length: n }, (_, i) => i).filter((i) => !excluded.has(i));
  return kept.map((i) => ({
    type: i,
    name: names[i]!,
    neighbours: kept
      .filter((j) => j !== i)
      .map((j) => ({ type: j, name: names[j]!, value: matrix[i]![j]! }))
      .sort((a, b) => (metric === 'euclidean' ? a.value - b.value : b.value - a.value) || a.type - b.type)
      .slice(0, k),
  }));
}
