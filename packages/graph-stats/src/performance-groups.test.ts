import { describe, expect, it } from 'vitest';
import { performanceGroups } from './performance-groups.js';

describe('performanceGroups', () => {
  it('closes a group with the graph that exceeds the threshold, which belongs to the closed group', () => {
    const acc = [0.705, 0.7102, 0.709, 0.715, 0.7202, 0.7201, 0.74];
    const groups = performanceGroups(acc);
    // Sorted: 0.705, 0.709, 0.7102 (> 0.71, closes 0.70), 0.715, 0.7201 (> 0.72, closes 0.71), 0.7202, 0.74 (> 0.73, closes 0.72).
    expect(groups.map((g) => g.label)).toEqual([0.7, 0.71, 0.72]);
    expect(groups.map((g) => g.members)).toEqual([
      [0, 2, 1],
      [3, 5],
      [4, 6],
    ]);
  });

  it('closes at most one group per graph, so a jump over several thresholds opens just one group', () => {
    const groups = performanceGroups([0.7, 0.75, 0.76]);
    // 0.75 closes 0.70; 0.76 > 0.72 closes 0.71; nothing is left over.
    expect(groups.map((g) => [g.label, g.members.length])).toEqual([
      [0.7, 2],
      [0.71, 1],
    ]);
  });

  it('accumulates the offset in floating point, as the reference does', () => {
    // After three steps the threshold is 0.70 + 0.030000000000000002 (0.73 in binary): 0.73 does not exceed it.
    let offset = 0.01;
    for (let k = 0; k < 2; k++) offset += 0.01;
    const threshold = 0.7 + offset;
    const groups = performanceGroups([0.7102, 0.7202, 0.73, threshold + 1e-12]);
    expect(groups.map((g) => g.members)).toEqual([[0], [1], [2, 3]]);
    expect(groups[2]!.rawLabel).toBe(0.7 + 0.01 + 0.01);
  });

  it('keeps ties in input order (stable sort)', () => {
    const groups = performanceGroups([0.72, 0.72, 0.71, 0.72], { start: 0.7, step: 0.01 });
    expect(groups.flatMap((g) => g.members)).toEqual([2, 0, 1, 3]);
  });

  it('rejects bad input', () => {
    expect(() => performanceGroups([0.7, Number.NaN])).toThrow('@opnas/graph-stats: performanceGroups: accuracies[1] is NaN');
    expect(() => performanceGroups([0.7], { step: 0 })).toThrow('options.step must be positive');
    expect(performanceGroups([])).toEqual([]);
  });
});
