import { type ArgumentFailure, OpnasError } from '@opnas/errors';

/** Bad input to an `@opnas/enas-surrogate` function; the message names the package and the argument. Code `invalid-argument`. */
export class SurrogateArgumentError extends OpnasError<'invalid-argument'> {
  override name = 'SurrogateArgumentError';
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super('@opnas/enas-surrogate', 'invalid-argument', message);
  }
}

/** A model file that is missing, altered (sha256 mismatch) or not an opnas surrogate. Code `invalid-surrogate-file`. */
export class SurrogateFileError extends OpnasError<'invalid-surrogate-file'> {
  override name = 'SurrogateFileError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/enas-surrogate', 'invalid-surrogate-file', message, options);
  }
}

/** How this package's integer-argument checks (`positiveInteger` and the like from `@opnas/errors`) fail. */
export const invalidArgument: ArgumentFailure = (message, name) => new SurrogateArgumentError(`@opnas/enas-surrogate: ${message}`, name);
