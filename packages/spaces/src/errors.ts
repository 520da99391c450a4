import { type ArgumentFailure, OpnasError } from '@opnas/errors';

/** Thrown for a bad argument or a malformed labels file; the message names the file, line or argument. Code `invalid-input`. */
export class SpacesError extends OpnasError<'invalid-input'> {
  override name = 'SpacesError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/spaces', 'invalid-input', message, options);
  }
}

/** How this package's integer-argument checks (`positiveInteger` and the like from `@opnas/errors`) fail. */
export const invalidArgument: ArgumentFailure = (message) => new SpacesError(`@opnas/spaces: ${message}`);
