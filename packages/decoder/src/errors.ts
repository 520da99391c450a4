import { type ArgumentFailure, OpnasError } from '@opnas/errors';

/** Thrown for graphs, latent batches or options the decoder cannot take. Code `invalid-decoder-input`. */
export class DecoderError extends OpnasError<'invalid-decoder-input'> {
  override name = 'DecoderError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/decoder', 'invalid-decoder-input', message, options);
  }
}

/** How this package's integer-argument checks (`positiveInteger` and the like from `@opnas/errors`) fail. */
export const invalidArgument: ArgumentFailure = (message) => new DecoderError(`@opnas/decoder: ${message}`);
