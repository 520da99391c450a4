import { type ArgumentFailure, OpnasError } from '@opnas/errors';

/**
 * Bad input to {@link lbfgsb}: an empty or non-finite start, inconsistent bounds, an impossible
 * option, or an objective that returned a non-finite value. The message names the argument, e.g.
 * `@opnas/lbfgsb: lower has 3 entries but x0 has 4`; `argument` holds its name. Code
 * `invalid-argument`.
 */
export class LbfgsbArgumentError extends OpnasError<'invalid-argument'> {
  override name = 'LbfgsbArgumentError';
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super('@opnas/lbfgsb', 'invalid-argument', message);
  }
}

/** How this package's integer-argument checks (`positiveInteger` and the like from `@opnas/errors`) fail. */
export const invalidArgument: ArgumentFailure = (message, name) => new LbfgsbArgumentError(`@opnas/lbfgsb: ${message}`, name);
