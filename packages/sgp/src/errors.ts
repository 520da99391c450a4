import { type ArgumentFailure, OpnasError } from '@opnas/errors';

/**
 * Bad input to an `@opnas/sgp` function: a wrong shape, a non-finite value, an impossible
 * option. The message names the package and the argument, e.g.
 * `@opnas/sgp: X has 3 columns but Z has 4`. `argument` holds the argument's name. Code `invalid-argument`.
 */
export class SgpArgumentError extends OpnasError<'invalid-argument'> {
  override name = 'SgpArgumentError';
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super('@opnas/sgp', 'invalid-argument', message);
  }
}

/**
 * The numbers broke down: a matrix that must be positive definite is not (a diverged fit), or
 * the energy became non-finite. Distinct from `SgpArgumentError` so callers can retry with
 * another seed instead of fixing their input. Code `numerical-failure`.
 */
export class SgpNumericalError extends OpnasError<'numerical-failure'> {
  override name = 'SgpNumericalError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/sgp', 'numerical-failure', message, options);
  }
}

/** How this package's integer-argument checks (`positiveInteger` and the like from `@opnas/errors`) fail. */
export const invalidArgument: ArgumentFailure = (message, name) => new SgpArgumentError(`@opnas/sgp: ${message}`, name);
