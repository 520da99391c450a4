/** Why a statistic could not be computed. */
export type MetricsErrorCode = 'invalid-input' | 'constant-input';

/**
 * Thrown for inputs no statistic can be computed on: mismatched lengths, too few or non-finite
 * values (`invalid-input`), or a constant series whose correlation is undefined (`constant-input`).
 */
export class MetricsError extends Error {
  override name = 'MetricsError';
  constructor(
    message: string,
    readonly code: MetricsErrorCode = 'invalid-input',
  ) {
    super(message);
  }
}
