import { describe, expect, it } from 'vitest';
import { specExample } from './fixtures.test-utils.js';
import { toGraphology } from './to-graphology.js';

describe('toGraphology', () => {
  it('keeps vertices, types and edges', () => {
    const g = toGraphology(specExample);
    expect(g.type).toBe('directed');
    expect(g.order).toBe(8);
    expect(g.size).toBe(14);
    expect(g.getNodeAttribute('3', 'type')).toBe(7);
    expect(g.hasDirectedEdge('2', '6')).toBe(true);
    expect(g.hasDirectedEdge('6', '2')).toBe(false);
  });

  it('merges a pair joined both ways into one undirected edge', () => {
    const g = toGraphology({ types: [2, 2], inMasks: [0b10, 0b01] }, { directed: false });
    expect(g.size).toBe(1);
  });
});
