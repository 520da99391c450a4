import { describe, expect, it } from 'vitest';
import { QuadTree } from './quadtree.js';

describe('QuadTree', () => {
  it('holds every point once, with cell masses and centres of mass that add up', () => {
    let seed = 5;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const n = 500;
    const y = Float64Array.from({ length: 2 * n }, () => rnd() * 10 - 5);
    const tree = new QuadTree(y, n);
    expect(tree.mass[0]).toBe(n);
    let mx = 0;
    let my = 0;
    for (let i = 0; i < n; i++) {
      mx += y[2 * i]!;
      my += y[2 * i + 1]!;
    }
    expect(tree.massX[0]).toBeCloseTo(mx / n, 12);
    expect(tree.massY[0]).toBeCloseTo(my / n, 12);
    const leafPoints: number[] = [];
    for (let c = 0; c < tree.size; c++) {
      const first = tree.firstChild[c]!;
      if (first === -1) {
        if (tree.mass[c]! > 0) leafPoints.push(...tree.members(c));
        continue;
      }
      const childMass = [0, 1, 2, 3].reduce((s, o) => s + tree.mass[first + o]!, 0);
      expect(childMass).toBe(tree.mass[c]);
    }
    expect(leafPoints.sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
  });

  it('keeps coincident points in one leaf instead of splitting forever', () => {
    const y = new Float64Array([1, 1, 1, 1, 1, 1, 2, 2]);
    const tree = new QuadTree(y, 4);
    expect(tree.mass[0]).toBe(4);
    const leaves = [...Array(tree.size).keys()].filter((c) => tree.firstChild[c] === -1 && tree.mass[c]! > 0);
    expect(leaves.map((c) => tree.mass[c]).sort()).toEqual([1, 3]);
    expect(leaves.flatMap((c) => tree.members(c)).sort()).toEqual([0, 1, 2, 3]);
    expect([...tree.leafOrder()].sort()).toEqual([0, 1, 2, 3]);
  });
});
