/**
 * The package graph of the workspace as an SVG for the docs site's index: one box per published
 * package, in layers by the longest chain of `@opnas/*` dependencies below it, with an arrow from
 * each package to the packages that depend on it directly. Edges implied by a longer path are left
 * out (transitive reduction), and so is `@opnas/errors`, which every package depends on.
 *
 *   node --import tsx scripts/package-graph.ts        # rewrites docs/guides/images/package-graph.svg
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const PACKAGE_GRAPH_SVG = join(root, 'docs/guides/images/package-graph.svg');
const LEFT_OUT = '@opnas/errors';

interface Manifest {
  readonly name: string;
  readonly private?: boolean;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

/** Published workspace packages and their direct `@opnas/*` dependencies (without `@opnas/errors`). */
export function workspaceGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
    if (manifest.private || manifest.name === LEFT_OUT) continue;
    const deps = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).filter((d) => d.startsWith('@opnas/') && d !== LEFT_OUT);
    graph.set(manifest.name, deps.sort());
  }
  for (const deps of graph.values()) for (let i = deps.length - 1; i >= 0; i--) if (!graph.has(deps[i]!)) deps.splice(i, 1);
  return graph;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The SVG text of the package graph. */
export function packageGraphSvg(graph: ReadonlyMap<string, readonly string[]>): string {
  const level = new Map<string, number>();
  const levelOf = (name: string, seen: readonly string[] = []): number => {
    if (seen.includes(name)) throw new Error(`dependency cycle: ${[...seen, name].join(' → ')}`);
    const known = level.get(name);
    if (known !== undefined) return known;
    const l = Math.max(-1, ...graph.get(name)!.map((d) => levelOf(d, [...seen, name]))) + 1;
    level.set(name, l);
    return l;
  };
  for (const name of graph.keys()) levelOf(name);
  // Transitive reduction: keep d → p only if no other dependency of p reaches d.
  const reaches = (from: string, to: string): boolean => graph.get(from)!.some((d) => d === to || reaches(d, to));
  const edges = [...graph].flatMap(([p, deps]) => deps.filter((d) => !deps.some((o) => o !== d && reaches(o, d))).map((d) => [d, p] as const));

  const layers: string[][] = [];
  for (const [name, l] of level) (layers[l] ??= []).push(name);
  for (const layer of layers) layer.sort();
  const charWidth = 7.3;
  const boxWidth = (name: string) => Math.ceil(name.length * charWidth) + 18;
  const gap = 18;
  const rowHeight = 74;
  const boxHeight = 28;
  const widths = layers.map((layer) => layer.reduce((s, n) => s + boxWidth(n), 0) + gap * (layer.length - 1));
  const width = Math.max(...widths) + 40;
  const height = layers.length * rowHeight + 40;
  const at = new Map<string, { x: number; y: number; w: number }>();
  layers.forEach((layer, l) => {
    let x = (width - widths[l]!) / 2;
    const y = height - 20 - boxHeight - l * rowHeight; // dependencies at the bottom, dependents above
    for (const name of layer) {
      at.set(name, { x, y, w: boxWidth(name) });
      x += boxWidth(name) + gap;
    }
  });
  const lines = edges.map(([d, p]) => {
    const a = at.get(d)!;
    const b = at.get(p)!;
    return `  <line x1="${(a.x + a.w / 2).toFixed(1)}" y1="${a.y}" x2="${(b.x + b.w / 2).toFixed(1)}" y2="${b.y + boxHeight}" marker-end="url(#arrow)"/>`;
  });
  const boxes = [...at].map(
    ([name, { x, y, w }]) =>
      `  <g><rect x="${x.toFixed(1)}" y="${y}" width="${w}" height="${boxHeight}" rx="5"/><text x="${(x + w / 2).toFixed(1)}" y="${y + 18}">${escape(name)}</text></g>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width.toFixed(0)}" height="${height}" viewBox="0 0 ${width.toFixed(0)} ${height}" font-family="DejaVu Sans Mono, monospace" font-size="12">`,
    '  <title>The opnas packages: an arrow from each package to the packages that build on it</title>',
    '  <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#6b7280"/></marker></defs>',
    `  <rect width="100%" height="100%" fill="#ffffff"/>`,
    '  <g stroke="#9ca3af" stroke-width="1.2">',
    ...lines,
    '  </g>',
    '  <g fill="#eef2ff" stroke="#4f46e5" stroke-width="1.2" text-anchor="middle">',
    ...boxes.map((b) => b.replace('<text', '<text fill="#111827" stroke="none"')),
    '  </g>',
    '</svg>',
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const graph = workspaceGraph();
  writeFileSync(PACKAGE_GRAPH_SVG, packageGraphSvg(graph));
  process.stdout.write(`${PACKAGE_GRAPH_SVG}: ${graph.size} packages\n`);
}
