import type { TopLevelSpec } from 'vega-lite';
import { VizError } from './errors.js';
import { FIGURE_CONFIG, type Figure, INTEGER_AXIS, SERIES_DASHES } from './figure.js';
import { field, parseJsonLines } from './json-lines.js';

/** One epoch of a training log (`{"model":"dvae","iteration":1,"epoch":1,"total":…,"recon":…,"kl":…,"lr":…,"seconds":…}`); losses per graph. */
export interface TrainingLogRecord {
  readonly model: string;
  readonly iteration: number;
  readonly epoch: number;
  readonly recon: number;
  readonly kl: number;
  readonly total?: number;
  readonly lr?: number;
  readonly seconds?: number;
}

/** Parse a JSON-lines training log; errors name `source` and the line. */
export function parseTrainingLog(text: string, source = 'training log'): TrainingLogRecord[] {
  return parseJsonLines(text, source).map(({ line, value }) => {
    const where = `${source} line ${line}`;
    const record: { -readonly [K in keyof TrainingLogRecord]: TrainingLogRecord[K] } = {
      model: field(value, 'model', 'string', where) as string,
      iteration: (field(value, 'iteration', 'integer', where, true) as number | undefined) ?? 1,
      epoch: field(value, 'epoch', 'integer', where) as number,
      recon: field(value, 'recon', 'number', where) as number,
      kl: field(value, 'kl', 'number', where) as number,
    };
    for (const name of ['total', 'lr', 'seconds'] as const) {
      const v = field(value, name, 'number', where, true) as number | undefined;
      if (v !== undefined) record[name] = v;
    }
    return record;
  });
}

/** Options of {@link lossCurvesFigure}. */
export interface LossCurvesOptions {
  /** Which loss to plot (default `'recon'`, Fig. 3; `'kl'` is Fig. 4). */
  readonly metric?: 'recon' | 'kl' | 'total';
  /** File stem (default `losses-<metric>`). */
  readonly name?: string;
  /** Title (default names the metric). */
  readonly title?: string;
  /** Logarithmic y axis (default false). */
  readonly logScale?: boolean;
  /**
   * How the T × N scheme's iterations are drawn: `'concatenate'` (default) puts them one after
   * the other on one line per model; `'overlay'` gives each iteration its own line over epochs
   * 1…N, so DVAE-EMB's later iterations can be compared with D-VAE epoch by epoch (Fig. 3).
   */
  readonly iterations?: 'concatenate' | 'overlay';
}

const METRIC_TITLES = { recon: 'Reconstruction loss per epoch', kl: 'KL divergence per epoch', total: 'Total loss per epoch' } as const;

/**
 * Loss per epoch, one line per model (the paper's Figs. 3–4). Epochs are counted across
 * iterations of the T × N scheme (protocol §4.2): x is the epoch's position in the model's log
 * sorted by (iteration, epoch). A repeated (model, iteration, epoch) — a resumed run that
 * re-logged an epoch — keeps the later line.
 */
export function lossCurvesFigure(records: readonly TrainingLogRecord[], options: LossCurvesOptions = {}): Figure {
  const metric = options.metric ?? 'recon';
  const overlay = options.iterations === 'overlay';
  if (options.iterations !== undefined && options.iterations !== 'overlay' && options.iterations !== 'concatenate') {
    throw new VizError(`@opnas/viz: lossCurvesFigure: options.iterations must be 'concatenate' or 'overlay', got '${String(options.iterations)}'`);
  }
  if (records.length === 0) throw new VizError('@opnas/viz: lossCurvesFigure: records is empty');
  const latest = new Map<string, TrainingLogRecord>();
  for (const r of records) latest.set(JSON.stringify([r.model, r.iteration, r.epoch]), r);
  const byModel = new Map<string, TrainingLogRecord[]>();
  for (const r of latest.values()) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
  // Overlaid iterations often coincide (iteration 2 starts from the same seeded weights): an
  // earlier iteration is drawn wider, under the later ones' narrower dashed lines. The widths
  // are presentation, computed in the spec, not columns of the figure's data.
  const widths = new Map<string, number>();
  const data = [...byModel.entries()].flatMap(([model, rows]) => {
    const several = new Set(rows.map((r) => r.iteration)).size > 1;
    return rows
      .sort((a, b) => a.iteration - b.iteration || a.epoch - b.epoch)
      .map((r, i) => {
        const value = r[metric];
        if (value === undefined) throw new VizError(`@opnas/viz: lossCurvesFigure: model "${model}" epoch ${r.epoch} has no "${metric}" value`);
        const series = overlay && several ? `${model} (iteration ${r.iteration})` : model;
        widths.set(series, overlay && several ? Math.max(1.5, 4.5 - 1.5 * (r.iteration - 1)) : 1.5);
        return { model: series, iteration: r.iteration, epoch: r.epoch, step: overlay ? r.epoch : i + 1, [metric]: value };
      });
  });
  const title = options.title ?? METRIC_TITLES[metric];
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 520,
    height: 320,
    data: { values: data },
    transform: [{ calculate: `${JSON.stringify(Object.fromEntries(widths))}[datum.model]`, as: 'lineWidth' }],
    mark: { type: 'line' },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: overlay ? 'epoch' : 'epoch (across iterations)', axis: INTEGER_AXIS },
      y: {
        field: metric,
        type: 'quantitative',
        title: metric === 'kl' ? 'KL divergence (per graph)' : `${metric === 'recon' ? 'reconstruction' : 'total'} loss (per graph)`,
        scale: options.logScale ? { type: 'log' } : { zero: false },
      },
      color: { field: 'model', type: 'nominal', title: 'model', legend: { labelLimit: 320 } },
      // Same field and title as the colour: one legend shows colour and dash together.
      strokeDash: { field: 'model', type: 'nominal', title: 'model', scale: { range: SERIES_DASHES.map((d) => [...d]) } },
      strokeWidth: { field: 'lineWidth', type: 'quantitative', scale: null, legend: null },
    },
    config: FIGURE_CONFIG,
  };
  return { name: options.name ?? `losses-${metric}`, data, spec };
}
