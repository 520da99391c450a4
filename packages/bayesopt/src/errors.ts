/**
 * Bad input to an `@opnas/bayesopt` function: a wrong shape, a non-finite value, an impossible
 * option. The message names the package and the argument, e.g.
 * `@opnas/bayesopt: lower has 3 entries but x0 has 4`; `argument` holds the argument's name.
 */
export class BayesOptArgumentError extends Error {
  override name = 'BayesOptArgumentError';
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super(message);
  }
}

/** A run log that cannot be resumed: malformed, from other settings, or from another problem. */
export class BayesOptLogError extends Error {
  override name = 'BayesOptLogError';
}

/** The numbers broke down, e.g. a kernel matrix that must be positive definite is not. */
export class BayesOptNumericalError extends Error {
  override name = 'BayesOptNumericalError';
}
