import type { TopLevelSpec } from 'vega-lite';
import { VizError } from './errors.js';
import { FIGURE_CONFIG, type Figure } from './figure.js';

/** One performance group and the statistic's values in it. */
export interface GroupValues {
  /** Group label (0.70, 0.71, …). */
  readonly label: number;
  readonly values: readonly number[];
}

/** Options of {@link groupBoxPlotFigure}. */
export interface GroupBoxPlotOptions {
  /** Axis and title name of the statistic, e.g. "Average path length". */
  readonly statistic: string;
  /** Pearson r of the statistic with accuracy, shown in the title. */
  readonly r: number;
  /** File stem (default: the statistic, lower-case, dashed, + `-by-group`). */
  readonly name?: string;
}

/**
 * Box plots (min–max whiskers) of a graph statistic per performance group, with Pearson's r in
 * the title — the paper's Figs. 7–8 (violins there; boxes show the same shift with exact
 * quartiles).
 */
export function groupBoxPlotFigure(groups: readonly GroupValues[], options: GroupBoxPlotOptions): Figure {
  if (groups.length === 0) throw new VizError('@opnas/viz: groupBoxPlotFigure: groups is empty');
  if (!Number.isFinite(options.r)) throw new VizError(`@opnas/viz: groupBoxPlotFigure: options.r must be a finite number, got ${options.r}`);
  const data = groups.flatMap((g) => g.values.map((value) => ({ group: g.label.toFixed(2), value })));
  const r = `${options.r >= 0 ? '+' : '−'}${Math.abs(options.r).toFixed(3)}`;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${options.statistic} by accuracy group (Pearson r = ${r})`,
    width: 420,
    height: 300,
    data: { values: data },
    mark: { type: 'boxplot', extent: 'min-max', size: 28 },
    encoding: {
      x: { field: 'group', type: 'ordinal', title: 'weight-sharing accuracy group', sort: 'ascending', axis: { labelAngle: 0 } },
      y: { field: 'value', type: 'quantitative', title: options.statistic, scale: { zero: false } },
    },
    config: FIGURE_CONFIG,
  };
  const name =
    options.name ??
    `${options.statistic
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}-by-group`;
  return { name, data, spec };
}
