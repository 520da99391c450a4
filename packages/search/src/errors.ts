import { type ArgumentFailure, OpnasError } from '@opnas/errors';

/**
 * Bad input to an `@opnas/search` function: a budget that is not a positive integer, an
 * impossible option, an architecture the search space cannot read. The message names the package
 * and the argument; `argument` holds the argument's name. Code `invalid-argument`.
 */
export class SearchArgumentError extends OpnasError<'invalid-argument'> {
  override name = 'SearchArgumentError';
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super('@opnas/search', 'invalid-argument', message);
  }
}

/** How this package's integer-argument checks (`positiveInteger` and the like from `@opnas/errors`) fail. */
export const invalidArgument: ArgumentFailure = (message, name) => new SearchArgumentError(`@opnas/search: ${message}`, name);
