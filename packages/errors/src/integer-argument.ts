/**
 * Builds the error for an argument that failed a check: `message` says what is wrong
 * (`'batchSize must be a positive integer, got 0'`) and `name` names the argument. Each package
 * passes its own, adding its prefix and error class:
 * `(message, name) => new SearchArgumentError(`@opnas/search: ${message}`, name)`.
 */
export type ArgumentFailure = (message: string, name: string) => Error;

function integerAtLeastOr(value: number, minimum: number, name: string, fail: ArgumentFailure, what: string): number {
  // Safe integers only: above 2^53 a count can no longer be incremented, so it is never meant.
  if (!Number.isSafeInteger(value) || value < minimum) throw fail(`${name} must be ${what}, got ${value}`, name);
  return value;
}

/** `value` when it is a safe integer ≥ 1; otherwise throws `fail('<name> must be a positive integer, got <value>', name)`. */
export function positiveInteger(value: number, name: string, fail: ArgumentFailure): number {
  return integerAtLeastOr(value, 1, name, fail, 'a positive integer');
}

/** `value` when it is a safe integer ≥ 0; otherwise throws `fail('<name> must be a non-negative integer, got <value>', name)`. */
export function nonNegativeInteger(value: number, name: string, fail: ArgumentFailure): number {
  return integerAtLeastOr(value, 0, name, fail, 'a non-negative integer');
}

/** `value` when it is a safe integer ≥ `minimum`; otherwise throws `fail('<name> must be an integer ≥ <minimum>, got <value>', name)`. */
export function integerAtLeast(value: number, minimum: number, name: string, fail: ArgumentFailure): number {
  return integerAtLeastOr(value, minimum, name, fail, `an integer ≥ ${minimum}`);
}
