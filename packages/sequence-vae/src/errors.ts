import { type ArgumentFailure, OpnasError } from '@opnas/errors';

/** Thrown for options, graphs or latents a sequence model cannot take. Code `invalid-sequence-model-input`. */
export class SequenceVaeError extends OpnasError<'invalid-sequence-model-input'> {
  override name = 'SequenceVaeError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/sequence-vae', 'invalid-sequence-model-input', message, options);
  }
}

/** How this package's integer-argument checks (`positiveInteger` and the like from `@opnas/errors`) fail. */
export const invalidArgument: ArgumentFailure = (message) => new SequenceVaeError(`@opnas/sequence-vae: ${message}`);
