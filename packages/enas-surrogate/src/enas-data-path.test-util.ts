import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The ENAS data file for tests: OPNAS_ENAS_DATA, else the shared copy beside the repository. */
export const ENAS_DATA = process.env['OPNAS_ENAS_DATA'] ?? resolve(root, '../shared/data/enas/final_structures6.txt');
