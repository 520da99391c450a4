import { type ArgumentFailure, OpnasError } from '@opnas/errors';

/** Thrown for graphs or options an encoder cannot take. Code `invalid-encoder-input`. */
export class EncoderError extends OpnasError<'invalid-encoder-input'> {
  override name = 'EncoderError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/encoders', 'invalid-encoder-input', message, options);
  }
}

/** How this package's integer-argument checks (`positiveInteger` and the like from `@opnas/errors`) fail. */
export const invalidArgument: ArgumentFailure = (message) => new EncoderError(`@opnas/encoders: ${message}`);
