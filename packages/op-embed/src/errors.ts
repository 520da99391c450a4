/** Thrown for an invalid operation encoding, table, type id or embedding JSON. */
export class OperationEmbeddingError extends Error {
  override name = 'OperationEmbeddingError';
}
