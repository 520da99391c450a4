import { type EnasDataset, type EnasDatasetSummary, loadEnasDataset, summariseEnasDataset } from '@opnas/enas-data';

/**
 * Load the dataset once for every stage that needs it, found as every opnas entry point finds it
 * (`resolveEnasDataPath`): --data, OPNAS_ENAS_DATA, this clone's shared copy, the cache, the download.
 */
export function loadData(path: string | undefined): Promise<EnasDataset> {
  return loadEnasDataset({ ...(path === undefined ? {} : { path }), pathLabel: '--data' });
}

/** Stage 1: split and summarise the dataset (protocol §1). */
export function dataStage(dataset: EnasDataset): EnasDatasetSummary {
  return summariseEnasDataset(dataset);
}
