import { toSvg, type Dag } from '@opnas/dag';
import { positiveInteger } from '@opnas/errors';
import { VizError } from './errors.js';
import type { DataRow, Figure } from './figure.js';

/** One architecture to draw. */
export interface DagGridItem {
  readonly dag: Dag;
  /** Caption above the drawing, e.g. "1. acc 0.7502". */
  readonly title?: string;
  /** Columns for this item in the data table (flat string, accuracy, …). */
  readonly data?: DataRow;
}

/** Options of {@link dagGridFigure}. */
export interface DagGridOptions {
  /** Drawings per row (default 3). */
  readonly columns?: number;
  /** File stem (default `top-architectures`). */
  readonly name?: string;
  /** Heading above the grid. */
  readonly title?: string;
}

/**
 * Several DAG drawings from `@opnas/dag`'s `toSvg` side by side in one SVG (the paper's
 * Figs. 5–6). Each drawing is nested as its own `<svg>`, with its element ids prefixed so that
 * the arrow markers of one drawing never resolve to another's.
 */
export function dagGridFigure(items: readonly DagGridItem[], options: DagGridOptions = {}): Figure {
  if (items.length === 0) throw new VizError('@opnas/viz: dagGridFigure: items is empty');
  const columns = options.columns ?? 3;
  positiveInteger(columns, 'columns', (message) => new VizError(`@opnas/viz: dagGridFigure: options.${message}`));
  const gap = 16;
  const drawings = items.map((item, k) => {
    const svg = toSvg(item.dag, item.title === undefined ? {} : { title: item.title });
    const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]);
    const height = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1]);
    if (!(width > 0 && height > 0)) throw new VizError(`@opnas/viz: dagGridFigure: toSvg gave item ${k} no width/height`);
    const body = svg
      .replace(/<\?xml[^>]*>\s*/, '')
      .replace(/\sid="([^"]+)"/g, ` id="d${k}-$1"`)
      .replace(/url\(#([^)]+)\)/g, `url(#d${k}-$1)`)
      .replace(/href="#([^"]+)"/g, `href="#d${k}-$1"`);
    return { body, width, height };
  });
  const cellWidth = Math.max(...drawings.map((d) => d.width));
  const rows = Math.ceil(drawings.length / columns);
  const rowHeights = Array.from({ length: rows }, (_, r) => Math.max(...drawings.slice(r * columns, (r + 1) * columns).map((d) => d.height)));
  const heading = options.title ? 32 : 0;
  const width = Math.min(columns, drawings.length) * (cellWidth + gap) + gap;
  const height = heading + rowHeights.reduce((s, h) => s + h + gap, gap);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (options.title) parts.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${options.title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`);
  let y = heading + gap;
  for (let r = 0; r < rows; r++) {
    drawings.slice(r * columns, (r + 1) * columns).forEach((d, c) => {
      const x = gap + c * (cellWidth + gap) + (cellWidth - d.width) / 2;
      parts.push(d.body.replace(/^<svg/, `<svg x="${x}" y="${y}"`));
    });
    y += rowHeights[r]! + gap;
  }
  parts.push('</svg>');
  const data = items.map((item, k) => ({ position: k + 1, ...(item.title === undefined ? {} : { title: item.title }), ...item.data }));
  return { name: options.name ?? 'top-architectures', data, svg: parts.join('\n') };
}
