export { CliError, EXIT_CODES, emit, processIo } from './output.js';
export type { CliIo } from './output.js';
export { createProgram } from './program.js';
export { runCli } from './run.js';
export { oneOf, positiveInteger } from './parse-options.js';
// The JSON each command prints with --json, for programs that run `opnas … --json` and read it.
export type { BoReport } from './commands/bo.js';
export type { EncodeArchitecturesReport, EncodeReport } from './commands/encode.js';
export type { PlotReport } from './commands/plot.js';
export type { MeanSd, SgpReport, SgpSeedResult } from './commands/sgp.js';
export type { StatsReport } from './commands/stats.js';
export type { TrainReport } from './commands/train.js';
