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
}

/**
 * Best-so-far accuracy per round, one line per arm: the mean over seeds, with a ±1 standard
 * deviation band across seeds.
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
  const x = { field: 'round', type: 'quantitative' as const, title: 'BO round', axis: INTEGER_AXIS };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ?? 'Best accuracy found so far (mean over seeds, ±1 sd)',
    width: 480,
    height: 300,
    data: { values: data },
    layer: [
      {
        // The bands are coloured by `fill` of a copy of the arm (same palette, same order) so the legend
        // is the lines' alone, showing each arm's colour, dash and point shape together.
        transform: [{ calculate: 'datum.arm', as: 'band' }],
        mark: { type: 'errorband', extent: 'stdev', opacity: 0.2 },
        encoding: {
          x,
          y: { field: 'bestSoFar', type: 'quantitative', title: 'best accuracy so far', scale: { zero: false } },
          fill: { field: 'band', type: 'nominal', legend: null },
        },
      },
      {
        // Arms that find the same architectures coincide: each has its own dash and point shape,
        // and earlier arms are drawn wider, so a line under another still shows.
        transform: [{ calculate: `${lineWidths}[datum.arm]`, as: 'lineWidth' }],
        mark: { type: 'line', point: { size: 45, filled: false, strokeWidth: 1.5 } },
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
