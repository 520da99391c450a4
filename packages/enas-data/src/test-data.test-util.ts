import { resolveEnasDataPath } from './data-source.js';

/** The dataset the tests read, found as every opnas entry point finds it (`resolveEnasDataPath`). */
export const ENAS_DATA_PATH = (await resolveEnasDataPath()).path;
