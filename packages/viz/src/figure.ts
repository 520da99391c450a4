import type { TopLevelSpec } from 'vega-lite';

/** One value of a figure's data table. */
export type DataValue = string | number | boolean | null;

/** A row of a figure's data table (one plotted mark or point). */
export type DataRow = Readonly<Record<string, DataValue>>;

/**
 * A figure: its data table (written as CSV and JSON so users can replot) and either a Vega-Lite
 * spec (rendered by {@link renderSvg}) or a ready SVG (drawings Vega-Lite cannot express, such as
 * DAGs).
 */
export interface Figure {
  /** File stem: `<name>.svg`, `<name>.png`, `<name>.csv`, `<name>.json`. Letters, digits, `-`, `_`, `.`. */
  readonly name: string;
  readonly data: readonly DataRow[];
  readonly spec?: TopLevelSpec;
  readonly svg?: string;
}

/** Font used by every figure; the PNG renderer loads the bundled DejaVu Sans files for it. */
export const FIGURE_FONT = 'DejaVu Sans';

/** Vega-Lite config shared by the figures: the bundled font, white background, readable sizes. */
export const FIGURE_CONFIG = {
  font: FIGURE_FONT,
  background: 'white',
  title: { fontSize: 14, fontWeight: 'normal' as const },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' as const },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' as const },
} as const;

/**
 * Dash patterns for line series (solid first), so that series which overlap stay distinguishable
 * where colours alone would hide one under the other.
 */
export const SERIES_DASHES: readonly (readonly number[])[] = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [4, 4],
  [10, 2],
  [1, 3],
  [6, 2, 1, 2],
];

/** An x axis of whole numbers (epochs, rounds): integer ticks only, no fractional labels. */
export const INTEGER_AXIS = { tickMinStep: 1, format: 'd' } as const;
