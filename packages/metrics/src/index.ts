export { MetricsError } from './errors.js';
export type { MetricsErrorCode } from './errors.js';
export type { CorrelationResult } from './correlation-input.js';
export { correlationPValue, pearson } from './pearson.js';
export { averageRanks } from './average-ranks.js';
export { spearman } from './spearman.js';
export { kendallTauB } from './kendall-tau-b.js';
export { denormaliseTargets, normaliseTargets, populationStatistics, targetStatistics } from './targets.js';
export type { TargetStatistics } from './targets.js';
