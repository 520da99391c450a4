import { type ArgumentFailure, OpnasError } from '@opnas/errors';

/** Thrown for unknown models, bad options, or weights that do not fit a model. Code `invalid-model`. */
export class VaeError extends OpnasError<'invalid-model'> {
  override name = 'VaeError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/vae', 'invalid-model', message, options);
  }
}

/** How this package's integer-argument checks (`positiveInteger` and the like from `@opnas/errors`) fail. */
export const invalidArgument: ArgumentFailure = (message) => new VaeError(`@opnas/vae: ${message}`);
