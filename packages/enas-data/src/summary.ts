import { AccuracyLookup } from './accuracy-lookup.js';
import type { EnasDataset } from './dataset.js';
import { populationStatistics } from '@opnas/metrics';

/** The numbers `opnas data info` prints (protocol §1.2, §1.6). */
export interface EnasDatasetSummary {
  readonly path: string;
  readonly sha256: string;
  readonly lines: number;
  readonly burnIn: number;
  readonly graphs: number;
  readonly train: number;
  readonly test: number;
  /** Distinct architectures among the post-burn-in graphs (19,015). */
  readonly distinctGraphs: number;
  /** Distinct labelled architectures in the whole file, burn-in included (20,015). */
  readonly distinctInFile: number;
  /** Accuracy over the post-burn-in graphs; sd is the population sd. */
  readonly accuracy: { readonly min: number; readonly max: number; readonly mean: number; readonly sd: number };
  readonly trainAccuracy: { readonly mean: number; readonly sd: number };
  readonly testAccuracy: { readonly mean: number; readonly sd: number };
}

/** Counts and accuracy statistics of a loaded dataset. */
export function summariseEnasDataset(dataset: EnasDataset): EnasDatasetSummary {
  const accuracies = dataset.graphs.map((g) => g.accuracy);
  const all = populationStatistics(accuracies);
  return {
    path: dataset.path,
    sha256: dataset.sha256,
    lines: dataset.records.length,
    burnIn: dataset.burnIn,
    graphs: dataset.graphs.length,
    train: dataset.train.length,
    test: dataset.test.length,
    distinctGraphs: new Set(dataset.graphs.map((g) => g.flat)).size,
    distinctInFile: new AccuracyLookup(dataset.records).size,
    accuracy: { min: Math.min(...accuracies), max: Math.max(...accuracies), mean: all.mean, sd: all.sd },
    trainAccuracy: populationStatistics(dataset.train.map((g) => g.accuracy)),
    testAccuracy: populationStatistics(dataset.test.map((g) => g.accuracy)),
  };
}
