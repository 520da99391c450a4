import { loadEnasDataset, resolveEnasDataPath } from '@opnas/enas-data';
import type { EnasDataset } from '@opnas/enas-data';

/** The ENAS data file the tests read, found as every opnas entry point finds it (`resolveEnasDataPath`). */
export const ENAS_DATA_PATH = (await resolveEnasDataPath()).path;

let cached: Promise<EnasDataset> | undefined;

/** The real dataset, loaded once per test file. */
export function testDataset(): Promise<EnasDataset> {
  cached ??= loadEnasDataset({ path: ENAS_DATA_PATH });
  return cached;
}

/** Tiny model sizes for tests (the paper's are 501 and 56). */
export const TINY = { hiddenSize: 12, latentSize: 4 } as const;
