import { OpnasError } from '@opnas/errors';

/** Why a statistic could not be computed. */
export type MetricsErrorCode = 'invalid-input' | 'constant-input';

/**
 * Thrown for inputs no statistic can be computed on: mismatched lengths, too few or non-finite
 * values (`invalid-input`), or a constant series whose correlation is undefined (`constant-input`).
 */
export class MetricsError extends OpnasError<MetricsErrorCode> {
  override name = 'MetricsError';
  constructor(message: string, code: MetricsErrorCode = 'invalid-input') {
    super('@opnas/metrics', code, message);
  }
}
