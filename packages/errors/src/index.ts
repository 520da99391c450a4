export { integerAtLeast, nonNegativeInteger, positiveInteger } from './integer-argument.js';
export type { ArgumentFailure } from './integer-argument.js';
export { OpnasError, isOpnasError } from './opnas-error.js';
