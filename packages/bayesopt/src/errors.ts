import { type ArgumentFailure, OpnasError } from '@opnas/errors';

/**
 * Bad input to an `@opnas/bayesopt` function: a wrong shape, a non-finite value, an impossible
 * option. The message names the package and the argument, e.g.
 * `@opnas/bayesopt: box has 3/3 bounds but the posterior has D = 4`; `argument` holds the argument's name.
 * Code `invalid-argument`.
 */
export class BayesOptArgumentError extends OpnasError<'invalid-argument'> {
  override name = 'BayesOptArgumentError';
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super('@opnas/bayesopt', 'invalid-argument', message);
  }
}

/** A run log that cannot be resumed: malformed, from other settings, or from another problem. Code `invalid-log`. */
export class BayesOptLogError extends OpnasError<'invalid-log'> {
  override name = 'BayesOptLogError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/bayesopt', 'invalid-log', message, options);
  }
}

/** The numbers broke down, e.g. a kernel matrix that must be positive definite is not. Code `numerical-failure`. */
export class BayesOptNumericalError extends OpnasError<'numerical-failure'> {
  override name = 'BayesOptNumericalError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/bayesopt', 'numerical-failure', message, options);
  }
}

/** How this package's integer-argument checks (`positiveInteger` and the like from `@opnas/errors`) fail. */
export const invalidArgument: ArgumentFailure = (message, name) => new BayesOptArgumentError(`@opnas/bayesopt: ${message}`, name);
