// A registered symbol, not `instanceof`, identifies opnas errors: two copies of this package in
// one install (a consumer pinning another version) would otherwise disagree about the class.
const BRAND = Symbol.for('@opnas/errors.OpnasError');

/**
 * The base class of every error an opnas package throws. `package` names the package that threw
 * it (`'@opnas/dag'`) and `code` says what kind of failure it is, in a form that stays stable
 * across releases, so callers branch on `error.code` instead of matching messages.
 *
 * @example
 * try { parseFlat('3 1'); } catch (error) {
 *   if (isOpnasError(error) && error.code === 'invalid-dag') …
 * }
 */
export class OpnasError<Code extends string = string> extends Error {
  override name = 'OpnasError';
  /** The package that threw the error, e.g. `'@opnas/enas-data'`. */
  readonly package: string;
  /** A stable, kebab-case kind of failure, e.g. `'invalid-argument'`; documented by each package. */
  readonly code: Code;

  constructor(packageName: string, code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.package = packageName;
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for an error thrown by any opnas package, even one from another copy of `@opnas/errors`. */
export function isOpnasError(value: unknown): value is OpnasError {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[BRAND] === true;
}
