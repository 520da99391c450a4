export { CliError, EXIT_CODES, emit, processIo } from './output.js';
export type { CliIo } from './output.js';
export { createProgram } from './program.js';
export { runCli } from './run.js';
export { oneOf, positiveInteger } from './parse-options.js';
