import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared dataset: `OPNAS_ENAS_DATA`, else `../shared/data/enas/` beside the repository. */
export const ENAS_DATA_PATH =
  process.env.OPNAS_ENAS_DATA ??
  resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/data/enas/final_structures6.txt');
