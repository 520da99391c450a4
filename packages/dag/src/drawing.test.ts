import { describe, expect, it } from 'vitest';
import { dagFromEdges, edgeList } from './dag.js';
import { toDot } from './dot.js';
import { enasFlatToDag } from './enas.js';
import { layeredLayout } from './layout.js';
import { toSvg } from './svg.js';
import { defineVocabulary } from './vocabulary.js';

const best = enasFlatToDag('3 3 0 2 0 1 3 1 0 0 3 1 0 1 0 3 0 0 1 1 0'); // protocol §7.7, the paper's best

describe('layeredLayout', () => {
  it('puts every edge from a higher layer to a lower one, and ENAS graphs one vertex per layer', () => {
    const { layer, layerSizes } = layeredLayout(best);
    for (const [a, b] of edgeList(best)) expect(layer[b]!).toBeGreaterThan(layer[a]!);
    expect(layerSizes).toEqual(new Array(8).fill(1));
  });

  it('uses longest-path layers for general DAGs', () => {
    const dag = dagFromEdges(
      [0, 2, 2, 1],
      [
        [0, 1],
        [0, 2],
        [1, 3],
        [2, 3],
        [0, 3],
      ],
    );
    expect(layeredLayout(dag)).toEqual({ layer: [0, 1, 1, 2], slot: [0, 0, 1, 0], layerSizes: [1, 2, 1] });
    expect(() =>
      layeredLayout(
        dagFromEdges(
          [2, 2],
          [
            [0, 1],
            [1, 0],
          ],
        ),
      ),
    ).toThrow(/directed cycle/);
  });
});

describe('toDot and toSvg', () => {
  it('DOT lists every vertex with its operation label and every edge', () => {
    const dot = toDot(best);
    expect(dot.startsWith('digraph "architecture" {')).toBe(true);
    expect(dot.match(/ -> /g)).toHaveLength(edgeList(best).length);
    expect(dot).toContain('v1 [label="sep conv 5×5"');
    expect(dot).toContain('v0 [label="input"');
  });

  it('SVG has one box per vertex, one path per edge, and escapes text', () => {
    const svg = toSvg(best, { title: 'best <found> & "drawn"' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect x=/g)).toHaveLength(8);
    expect(svg.match(/<path d="[^"]*" stroke=/g)).toHaveLength(edgeList(best).length);
    expect(svg).toContain('best &lt;found&gt; &amp; &quot;drawn&quot;');
    expect(svg).not.toMatch(/NaN|undefined/);
  });

  it('uses the given vocabulary for other search spaces', () => {
    const vocabulary = defineVocabulary({ names: ['in', 'out', 'a<b'], start: 0, end: 1 });
    const svg = toSvg(
      dagFromEdges(
        [0, 2, 1],
        [
          [0, 1],
          [1, 2],
        ],
      ),
      { vocabulary },
    );
    expect(svg).toContain('>a&lt;b<');
    expect(toDot(dagFromEdges([0, 2, 1], [[0, 1]]), { vocabulary, name: 'x"y' })).toContain('digraph "x\\"y"');
  });
});
