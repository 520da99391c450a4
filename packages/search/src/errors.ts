import { OpnasError } from '@opnas/errors';

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
