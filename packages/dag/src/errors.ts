import { OpnasError } from '@opnas/errors';

/** Thrown for any input that is not a well-formed DAG or architecture encoding. Code `invalid-dag`. */
export class DagError extends OpnasError<'invalid-dag'> {
  override name = 'DagError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/dag', 'invalid-dag', message, options);
  }
}

/**
 * Thrown when a search space's notation cannot be read. `position` is the 0-based character
 * offset of the offending text in the input, so callers can point at it.
 */
export class SpaceParseError extends DagError {
  override name = 'SpaceParseError';
  constructor(
    message: string,
    /** Name of the search space, e.g. `nb201`. */
    readonly space: string,
    /** 0-based character offset in the notation. */
    readonly position: number,
  ) {
    super(message);
  }
}

/** Thrown when a graph is outside what a search space can format, key or encode. */
export class SearchSpaceError extends DagError {
  override name = 'SearchSpaceError';
  constructor(
    message: string,
    /** Name of the search space. */
    readonly space: string,
  ) {
    super(message);
  }
}
