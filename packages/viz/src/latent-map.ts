import type { TopLevelSpec } from 'vega-lite';
import { VizError } from './errors.js';
import { FIGURE_CONFIG, type Figure } from './figure.js';

/** One embedded graph: its 2-D position and accuracy (and optionally its dataset index). */
export interface LatentMapPoint {
  readonly x: number;
  readonly y: number;
  readonly accuracy: number;
  readonly index?: number;
}

/** Options of {@link latentMapFigure}. */
export interface LatentMapOptions {
  /** Title (default "t-SNE of the latent space, coloured by accuracy"). */
  readonly title?: string;
  /** File stem (default `latent-map`). */
  readonly name?: string;
}

/** A 2-D map of latent points coloured by weight-sharing accuracy (the paper's Figs. 9–10). */
export function latentMapFigure(points: readonly LatentMapPoint[], options: LatentMapOptions = {}): Figure {
  if (points.length === 0) throw new VizError('@opnas/viz: latentMapFigure: points is empty');
  points.forEach((p, i) => {
    for (const key of ['x', 'y', 'accuracy'] as const) {
      if (!Number.isFinite(p[key])) throw new VizError(`@opnas/viz: latentMapFigure: points[${i}].${key} is ${p[key]}, not a finite number`);
    }
  });
  const data = points.map((p) => (p.index === undefined ? { x: p.x, y: p.y, accuracy: p.accuracy } : { index: p.index, x: p.x, y: p.y, accuracy: p.accuracy }));
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ?? 't-SNE of the latent space, coloured by accuracy',
    width: 520,
    height: 520,
    data: { values: data },
    // Draw the best architectures last so they are not buried under the crowd.
    transform: [{ window: [{ op: 'row_number', as: 'order' }], sort: [{ field: 'accuracy', order: 'ascending' }] }],
    mark: { type: 'circle', size: 6, opacity: 0.8 },
    encoding: {
      x: { field: 'x', type: 'quantitative', axis: null, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', axis: null, scale: { zero: false } },
      color: { field: 'accuracy', type: 'quantitative', scale: { scheme: 'viridis' }, title: 'accuracy' },
      order: { field: 'order', type: 'quantitative' },
    },
    config: FIGURE_CONFIG,
  };
  return { name: options.name ?? 'latent-map', data, spec };
}
