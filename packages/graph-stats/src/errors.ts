/** Thrown for input a statistic cannot be computed on, with a message naming the function and argument. */
export class GraphStatsError extends Error {
  override name = 'GraphStatsError';
}
