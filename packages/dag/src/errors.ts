/** Thrown for any input that is not a well-formed DAG or architecture encoding. */
export class DagError extends Error {
  override name = 'DagError';
}
