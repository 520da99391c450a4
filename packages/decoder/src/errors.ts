/** Thrown for graphs, latent batches or options the decoder cannot take. */
export class DecoderError extends Error {
  override name = 'DecoderError';
}
