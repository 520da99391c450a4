import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnasDataset } from '@opnas/enas-data';
import type { EnasDataset } from '@opnas/enas-data';

/** The ENAS data file the tests read: `OPNAS_ENAS_DATA`, else the shared copy beside the repo. */
export const ENAS_DATA_PATH = process.env['OPNAS_ENAS_DATA'] ?? resolve(fileURLToPath(import.meta.url), '../../../../../shared/data/enas/final_structures6.txt');

let cached: Promise<EnasDataset> | undefined;

/** The real dataset, loaded once per test file. */
export function testDataset(): Promise<EnasDataset> {
  cached ??= loadEnasDataset({ path: ENAS_DATA_PATH });
  return cached;
}

/** Tiny model sizes for tests (the paper's are 501 and 56). */
export const TINY = { hiddenSize: 12, latentSize: 4 } as const;
