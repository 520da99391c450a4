import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EnasDataset, type EnasDatasetSummary, loadEnasDataset, summariseEnasDataset } from '@opnas/enas-data';

/** Where this checkout keeps the shared data (tests and CI); users get the verified download. */
const SHARED_DATA = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/data/enas/final_structures6.txt');

/** The data file to use: --data, then OPNAS_ENAS_DATA, then a shared copy beside the repository, else undefined (cache/download). */
export async function defaultDataPath(given: string | undefined): Promise<string | undefined> {
  if (given !== undefined || process.env.OPNAS_ENAS_DATA) return given;
  return access(SHARED_DATA).then(
    () => SHARED_DATA,
    () => undefined,
  );
}

/** Load the dataset once for every stage that needs it. */
export function loadData(path: string | undefined): Promise<EnasDataset> {
  return loadEnasDataset(path === undefined ? {} : { path });
}

/** Stage 1: split and summarise the dataset (protocol §1). */
export function dataStage(dataset: EnasDataset): EnasDatasetSummary {
  return summariseEnasDataset(dataset);
}
