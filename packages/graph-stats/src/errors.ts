import { OpnasError } from '@opnas/errors';

/** Thrown for input a statistic cannot be computed on, with a message naming the function and argument. Code `invalid-input`. */
export class GraphStatsError extends OpnasError<'invalid-input'> {
  override name = 'GraphStatsError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/graph-stats', 'invalid-input', message, options);
  }
}
