/** Thrown when a backend cannot be selected or initialised, or a runtime argument is invalid. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}
