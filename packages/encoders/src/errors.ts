/** Thrown for graphs or options an encoder cannot take. */
export class EncoderError extends Error {
  override name = 'EncoderError';
}
