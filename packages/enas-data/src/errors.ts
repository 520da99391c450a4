import { type ArgumentFailure, OpnasError } from '@opnas/errors';

/** One malformed line of an ENAS data file. */
export interface EnasLineProblem {
  /** 1-based line number in the file. */
  readonly line: number;
  /** 1-based column where the problem was found. */
  readonly column: number;
  /** What was expected and what was found. */
  readonly message: string;
}

/**
 * Thrown when an ENAS data file has malformed lines. Every malformed line is in `problems`;
 * the message shows the first few as `<source>: line N, column C: <problem>`. Code `malformed-data-file`.
 */
export class EnasParseError extends OpnasError<'malformed-data-file'> {
  override name = 'EnasParseError';
  constructor(
    readonly source: string,
    readonly problems: readonly EnasLineProblem[],
  ) {
    const shown = problems.slice(0, 10).map((p) => `${source}: line ${p.line}, column ${p.column}: ${p.message}`);
    const more = problems.length > 10 ? [`… and ${problems.length - 10} more malformed lines`] : [];
    super('@opnas/enas-data', 'malformed-data-file', `@opnas/enas-data: ${[...shown, ...more].join('\n')}`);
  }
}

/** Thrown when the data file cannot be found, downloaded, verified or split as asked. Code `data-unavailable`. */
export class EnasDataError extends OpnasError<'data-unavailable'> {
  override name = 'EnasDataError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/enas-data', 'data-unavailable', message, options);
  }
}

/** How this package's integer-argument checks (`positiveInteger` and the like from `@opnas/errors`) fail. */
export const invalidArgument: ArgumentFailure = (message) => new EnasDataError(`@opnas/enas-data: ${message}`);
