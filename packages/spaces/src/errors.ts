/** Thrown for a bad argument or a malformed labels file; the message names the file, line or argument. */
export class SpacesError extends Error {
  override name = 'SpacesError';
}
