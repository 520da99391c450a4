export { OpnasError, isOpnasError } from './opnas-error.js';
