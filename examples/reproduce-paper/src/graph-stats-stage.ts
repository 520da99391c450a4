import { basename } from 'node:path';
import type { EnasDataset } from '@opnas/enas-data';
import { type GroupSummary, accuracyAnalysis } from '@opnas/graph-stats';
import { groupBoxPlotFigure, writeFigure } from '@opnas/viz';

/** What stage 6 reports: protocol §8's correlations and groups on the training split, and its figures. */
export interface GraphStatsResult {
  readonly graphs: number;
  readonly pearson: { readonly apl: number; readonly transitivity: number };
  readonly spearman: { readonly apl: number; readonly transitivity: number };
  readonly groups: readonly GroupSummary[];
  /** Figure files relative to the stage folder (SVG and PNG). */
  readonly figures: readonly { readonly title: string; readonly svg: string; readonly png: string }[];
}

/**
 * Stage 6: average path length and clustering coefficient against accuracy on the training split
 * (the population the authors used, protocol §8), with the box plots of Figs. 7–8.
 */
export async function graphStatsStage(dataset: EnasDataset, dir: string): Promise<GraphStatsResult> {
  const a = accuracyAnalysis(dataset.train);
  const byGroup = (values: readonly number[]) => a.groups.map((g) => ({ label: g.label, values: g.members.map((i) => values[i]!) }));
  const figures = [];
  for (const [title, values, r, name] of [
    ['Average path length by performance group', a.apl, a.pearson.apl.coefficient, 'apl-by-group'],
    ['Clustering coefficient by performance group', a.transitivity, a.pearson.transitivity.coefficient, 'clustering-by-group'],
  ] as const) {
    const statistic = name === 'apl-by-group' ? 'Average path length' : 'Clustering coefficient';
    const files = await writeFigure(groupBoxPlotFigure(byGroup(values), { statistic, r, name }), dir);
    figures.push({ title, svg: basename(files.svg), png: basename(files.png!) });
  }
  return {
    graphs: a.graphs.length,
    pearson: { apl: a.pearson.apl.coefficient, transitivity: a.pearson.transitivity.coefficient },
    spearman: { apl: a.spearman.apl.coefficient, transitivity: a.spearman.transitivity.coefficient },
    groups: a.groupSummaries,
    figures,
  };
}
