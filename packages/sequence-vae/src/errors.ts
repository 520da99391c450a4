/** Thrown for options, graphs or latents a sequence model cannot take. */
export class SequenceVaeError extends Error {
  override name = 'SequenceVaeError';
}
