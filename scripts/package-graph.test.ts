import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACKAGE_GRAPH_SVG, packageGraphSvg, workspaceGraph } from './package-graph.js';

describe('the package graph of the docs index', () => {
  it('is up to date with the workspace (regenerate: node --import tsx scripts/package-graph.ts)', () => {
    expect(readFileSync(PACKAGE_GRAPH_SVG, 'utf8')).toBe(packageGraphSvg(workspaceGraph()));
  });

  it('shows every published package, and each dependency as a path upwards', () => {
    const graph = workspaceGraph();
    const svg = packageGraphSvg(graph);
    for (const name of graph.keys()) expect(svg).toContain(`>${name}</text>`);
    expect(graph.has('@opnas/testing')).toBe(false);
    expect(graph.get('@opnas/vae')).toContain('@opnas/decoder');
  });

  it('refuses a dependency cycle, naming it', () => {
    const cyclic = new Map([
      ['@opnas/a', ['@opnas/b']],
      ['@opnas/b', ['@opnas/a']],
    ]);
    expect(() => packageGraphSvg(cyclic)).toThrow(/dependency cycle: @opnas\/a → @opnas\/b → @opnas\/a/);
  });
});
