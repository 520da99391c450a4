/** Thrown for unknown models, bad options, or weights that do not fit a model. */
export class VaeError extends Error {
  override name = 'VaeError';
}
