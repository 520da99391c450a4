import { OpnasError } from '@opnas/errors';

/** Thrown for any input that is not a well-formed DAG or architecture encoding. Code `invalid-dag`. */
export class DagError<Code extends string = 'invalid-dag'> extends OpnasError<Code> {
  override name = 'DagError';
  constructor(message: string, options?: ErrorOptions, code: Code = 'invalid-dag' as Code) {
    super('@opnas/dag', code, message, options);
  }
}

/**
 * Thrown when a search space's notation cannot be read. `position` is the 0-based character
 * offset of the offending text in the input, so callers can point at it. Code `invalid-notation`.
 */
export class SpaceParseError extends DagError<'invalid-notation'> {
  override name = 'SpaceParseError';
  constructor(
    message: string,
    /** Name of the search space, e.g. `nb201`. */
    readonly space: string,
    /** 0-based character offset in the notation. */
    readonly position: number,
  ) {
    super(message, undefined, 'invalid-notation');
  }
}

/** Thrown when a graph is outside what a search space can format, key or encode. Code `outside-search-space`. */
export class SearchSpaceError extends DagError<'outside-search-space'> {
  override name = 'SearchSpaceError';
  constructor(
    message: string,
    /** Name of the search space. */
    readonly space: string,
  ) {
    super(message, undefined, 'outside-search-space');
  }
}
