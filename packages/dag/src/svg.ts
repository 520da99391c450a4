import { type Dag, edgeList } from './dag.js';
import { layeredLayout } from './layout.js';
import { ENAS_VOCABULARY, type OperationVocabulary } from './vocabulary.js';

/** Options of {@link toSvg}. */
export interface SvgOptions {
  /** Names the vertex types. Default {@link ENAS_VOCABULARY}. */
  readonly vocabulary?: OperationVocabulary;
  /** A caption drawn above the graph, e.g. the flat string and its accuracy. */
  readonly title?: string;
  /** Node box width in px. Default 120. */
  readonly nodeWidth?: number;
  /** Node box height in px. Default 30. */
  readonly nodeHeight?: number;
  /** Vertical distance between layers in px. Default 56. */
  readonly layerGap?: number;
}

// One colour per type id: neutral for START/END, distinct hues for operations.
const PALETTE = ['#eeeeee', '#eeeeee', '#9ecae1', '#c6dbef', '#fdae6b', '#fdd0a2', '#a1d99b', '#bcbddc', '#fbb4ae', '#ccebc5'];

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A standalone SVG drawing of a DAG, layered top to bottom (inputs at the top): operations as
 * labelled boxes, edges between adjacent layers straight, longer (skip) edges as arcs that bow
 * out to alternating sides so they do not run through the boxes they pass.
 */
export function toSvg(dag: Dag, options: SvgOptions = {}): string {
  const vocabulary = options.vocabulary ?? ENAS_VOCABULARY;
  const w = options.nodeWidth ?? 120;
  const h = options.nodeHeight ?? 30;
  const gap = options.layerGap ?? 56;
  const { layer, slot, layerSizes } = layeredLayout(dag);
  const widest = Math.max(1, ...layerSizes);
  const maxSpan = Math.max(1, ...edgeList(dag).map(([a, b]) => layer[b]! - layer[a]!));
  const margin = 24 + Math.min(140, 22 * maxSpan);
  const titleHeight = options.title ? 28 : 0;
  const width = 2 * margin + widest * w + (widest - 1) * 24;
  const height = titleHeight + 24 + layerSizes.length * h + (layerSizes.length - 1) * (gap - h) + 24;
  const cx = (v: number): number => {
    const size = layerSizes[layer[v]!]!;
    const rowWidth = size * w + (size - 1) * 24;
    return (width - rowWidth) / 2 + slot[v]! * (w + 24) + w / 2;
  };
  const top = (v: number): number => titleHeight + 24 + layer[v]! * gap;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  );
  if (options.title) {
    parts.push(`<text x="${width / 2}" y="18" text-anchor="middle" font-size="13">${escapeXml(options.title)}</text>`);
  }
  let side = 1;
  for (const [from, to] of edgeList(dag)) {
    const x1 = cx(from);
    const y1 = top(from) + h;
    const x2 = cx(to);
    const y2 = top(to);
    const span = layer[to]! - layer[from]!;
    if (span <= 1) {
      parts.push(`<path d="M${x1},${y1} L${x2},${y2}" stroke="#555" fill="none" marker-end="url(#arrow)"/>`);
    } else {
      // Leave from the box side and bow outwards in proportion to the span.
      const bow = Math.min(margin - 8, w / 2 + 14 + 18 * (span - 1));
      const sx = x1 + (side * w) / 2;
      const ex = x2 + (side * w) / 2;
      const sy = y1 - h / 2;
      const ey = y2 + h / 2;
      const c = side * (bow - w / 2);
      parts.push(`<path d="M${sx},${sy} C${sx + c},${sy} ${ex + c},${ey} ${ex},${ey}" stroke="#777" fill="none" marker-end="url(#arrow)"/>`);
      side = -side;
    }
  }
  dag.types.forEach((type, v) => {
    const label = vocabulary.labels[type] ?? `type ${type}`;
    const x = cx(v) - w / 2;
    const y = top(v);
    parts.push(
      `<g><title>${escapeXml(`vertex ${v}: ${label}`)}</title>`,
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6" fill="${PALETTE[type % PALETTE.length]}" stroke="#333"/>`,
      `<text x="${x + w / 2}" y="${y + h / 2 + 4}" text-anchor="middle">${escapeXml(label)}</text></g>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
