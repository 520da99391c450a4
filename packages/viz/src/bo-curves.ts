import type { TopLevelSpec } from 'vega-lite';
import { VizError } from './errors.js';
import { FIGURE_CONFIG, type Figure, INTEGER_AXIS, SERIES_DASHES } from './figure.js';
import { field, parseJsonLines } from './json-lines.js';

/** The best accuracy one BO run has found after a round. */
export interface BoLogRecord {
  /** Method or arm, e.g. "dvae-emb". */
  readonly arm: string;
  readonly seed: number;
  /** Round number (0 = before the first batch, if logged). */
  readonly round: number;
  readonly bestSoFar: number;
}

/** Parse JSON lines of {@link BoLogRecord}; errors name `source` and the line. */
export function parseBoLog(text: string, source = 'BO log'): BoLogRecord[] {
  return parseJsonLines(text, source).map(({ line, value }) => {
    const where = `${source} line ${line}`;
    return {
      arm: field(value, 'arm', 'string', where) as string,
      seed: field(value, 'seed', 'integer', where) as number,
      round: field(value, 'round', 'integer', where) as number,
      bestSoFar: field(value, 'bestSoFar', 'number', where) as number,
    };
  });
}

/** Options of {@link boCurvesFigure}. */
export interface BoCurvesOptions {
  readonly title?: string;
  /** File stem (default `bo-best-so-far`). */
  readonly name?: string;
  /**
   * The band around each mean: 'sd' (default), ±1 standard deviation across seeds, or 'ci95',
   * the 95 % confidence interval of the mean (Student's t with seeds − 1 degrees of freedom;
   * no band for a single seed).
   */
  readonly band?: 'sd' | 'ci95';
  /** Title of the x axis, whose values are the records' `round` (default 'BO round'). */
  readonly xTitle?: string;
  /** Draw a point at every x value (default true; turn off for curves per query). */
  readonly points?: boolean;
}

/** Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom (then the normal's). */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056,
  2.052, 2.048, 2.045, 2.042,
];

/** The mean and 95 % confidence interval of the mean per (arm, round), in order of first appearance. */
export function meanConfidenceBands(records: readonly BoLogRecord[]): { arm: string; round: number; mean: number; lower: number; upper: number; seeds: number }[] {
  const groups = new Map<string, { arm: string; round: number; values: number[] }>();
  for (const r of records) {
    const key = JSON.stringify([r.arm, r.round]);
    const g = groups.get(key) ?? { arm: r.arm, round: r.round, values: [] };
    g.values.push(r.bestSoFar);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ arm, round, values }) => {
    const n = values.length;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
    const half = n > 1 ? ((T95[n - 2] ?? 1.96) * sd) / Math.sqrt(n) : 0;
    return { arm, round, mean, lower: mean - half, upper: mean + half, seeds: n };
  });
}

/**
 * Best-so-far accuracy per round (or per query), one line per arm: the mean over seeds, with a
 * band across seeds (±1 standard deviation, or the 95 % confidence interval of the mean).
 */
export function boCurvesFigure(records: readonly BoLogRecord[], options: BoCurvesOptions = {}): Figure {
  if (records.length === 0) throw new VizError('@opnas/viz: boCurvesFigure: records is empty');
  records.forEach((r, i) => {
    if (typeof r.arm !== 'string' || !Number.isInteger(r.seed) || !Number.isInteger(r.round) || !Number.isFinite(r.bestSoFar)) {
      throw new VizError(`@opnas/viz: boCurvesFigure: records[${i}] must have a string arm, integer seed and round, and finite bestSoFar`);
    }
  });
  // Vega draws the arms in order of first appearance; that order sets the widths.
  const arms = [...new Set(records.map((r) => r.arm))];
  // Each arm's line is narrower than the one drawn before it (4.5 … 1.5), so coinciding arms all show.
  const width = (arm: string) => (arms.length === 1 ? 1.5 : 4.5 - (3 * arms.indexOf(arm)) / (arms.length - 1));
  const data = records.map((r) => ({ arm: r.arm, seed: r.seed, round: r.round, bestSoFar: r.bestSoFar }));
  const lineWidths = JSON.stringify(Object.fromEntries(arms.map((arm) => [arm, width(arm)])));
  const x = { field: 'round', type: 'quantitative' as const, title: options.xTitle ?? 'BO round', axis: INTEGER_AXIS };
  const bandLayer =
    options.band === 'ci95'
      ? {
          data: { values: meanConfidenceBands(records).map((b) => ({ band: b.arm, round: b.round, lower: b.lower, upper: b.upper })) },
          mark: { type: 'area' as const, opacity: 0.2 },
          encoding: {
            x,
            y: { field: 'lower', type: 'quantitative' as const, title: 'best accuracy so far', scale: { zero: false } },
            y2: { field: 'upper' },
            fill: { field: 'band', type: 'nominal' as const, legend: null, scale: { domain: arms } },
          },
        }
      : {
          // The bands are coloured by `fill` of a copy of the arm (same palette, same order) so the legend
          // is the lines' alone, showing each arm's colour, dash and point shape together.
          transform: [{ calculate: 'datum.arm', as: 'band' }],
          mark: { type: 'errorband' as const, extent: 'stdev' as const, opacity: 0.2 },
          encoding: {
            x,
            y: { field: 'bestSoFar', type: 'quantitative' as const, title: 'best accuracy so far', scale: { zero: false } },
            fill: { field: 'band', type: 'nominal' as const, legend: null },
          },
        };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ?? 'Best accuracy found so far (mean over seeds, ±1 sd)',
    width: 480,
    height: 300,
    data: { values: data },
    layer: [
      bandLayer,
      {
        // Arms that find the same architectures coincide: each has its own dash and point shape,
        // and earlier arms are drawn wider, so a line under another still shows.
        transform: [{ calculate: `${lineWidths}[datum.arm]`, as: 'lineWidth' }],
        mark: { type: 'line', point: options.points === false ? false : { size: 45, filled: false, strokeWidth: 1.5 } },
        encoding: {
          x,
          y: { aggregate: 'mean', field: 'bestSoFar', type: 'quantitative' },
          color: { field: 'arm', type: 'nominal', title: 'arm', legend: { symbolStrokeWidth: 2 } },
          strokeDash: { field: 'arm', type: 'nominal', title: 'arm', scale: { range: SERIES_DASHES.map((d) => [...d]) } },
          shape: { field: 'arm', type: 'nominal', title: 'arm' },
          strokeWidth: { field: 'lineWidth', type: 'quantitative', scale: null, legend: null },
        },
      },
    ],
    config: FIGURE_CONFIG,
  };
  return { name: options.name ?? 'bo-best-so-far', data, spec };
}
