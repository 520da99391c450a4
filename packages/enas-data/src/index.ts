export { EnasDataError, EnasParseError } from './errors.js';
export type { EnasLineProblem } from './errors.js';
export { LineSyntaxError, parseEnasLine } from './parse-line.js';
export type { EnasLine, ParseLineOptions } from './parse-line.js';
export { parseEnasFile } from './parse-file.js';
export type { EnasRecord, ParseFileOptions } from './parse-file.js';
export { splitIndices } from './split.js';
export type { SplitIndices, SplitOptions } from './split.js';
// protocol §1.7's target scale lives in @opnas/metrics (shared with the SGP); re-exported for data users.
export { denormaliseTargets, normaliseTargets, populationStatistics, targetStatistics } from '@opnas/metrics';
export type { TargetStatistics } from '@opnas/metrics';
export { AccuracyLookup } from './accuracy-lookup.js';
export {
  ENAS_DATA_FILE,
  ENAS_DATA_SEARCH_ORDER,
  ENAS_DATA_SHA256,
  ENAS_DATA_URL,
  defaultCacheDir,
  downloadVerified,
  findRepositoryDataCopy,
  resolveEnasDataPath,
  sha256File,
} from './data-source.js';
export type { DataSourceOptions, ResolvedDataSource } from './data-source.js';
export { buildEnasDataset, loadEnasDataset } from './dataset.js';
export type { DatasetOptions, EnasDataset } from './dataset.js';
export { summariseEnasDataset } from './summary.js';
export type { EnasDatasetSummary } from './summary.js';
