/** Thrown for input a figure cannot be drawn from, with a message naming the file, line or argument. */
export class VizError extends Error {
  override name = 'VizError';
}
