import { describe, expect, it } from 'vitest';
import { interpolate } from './interpolation.js';

const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));
const angle = (u: ArrayLike<number>, v: ArrayLike<number>) => Math.acos(Array.from(u).reduce((s, x, i) => s + x * v[i]!, 0) / (norm(u) * norm(v)));

describe('interpolate', () => {
  const a = [1, 2, -1, 0.5];
  const b = [-0.5, 1, 2, 1];

  it.each(['linear', 'great-circle'] as const)('%s: steps + 1 points from a to b', (method) => {
    const path = interpolate(a, b, 4, method);
    expect(path).toHaveLength(5);
    path[0]!.forEach((x, i) => expect(x).toBeCloseTo(a[i]!, 12));
    path[4]!.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 12));
  });

  it('linear: evenly spaced on the segment', () => {
    const mid = interpolate(a, b, 2, 'linear')[1]!;
    mid.forEach((x, i) => expect(x).toBeCloseTo((a[i]! + b[i]!) / 2, 12));
  });

  it('great-circle: orthogonal unit vectors meet at (a + b)/√2', () => {
    const mid = interpolate([1, 0, 0], [0, 1, 0], 2, 'great-circle')[1]!;
    expect(Array.from(mid).map((x) => +x.toFixed(12))).toEqual([+Math.SQRT1_2.toFixed(12), +Math.SQRT1_2.toFixed(12), 0]);
  });

  it('great-circle: equal angles between steps, norms linear from |a| to |b|', () => {
    const path = interpolate(a, b, 6, 'great-circle');
    const total = angle(a, b);
    for (let k = 1; k <= 6; k++) {
      expect(angle(path[k - 1]!, path[k]!)).toBeCloseTo(total / 6, 9);
      expect(norm(path[k]!)).toBeCloseTo((1 - k / 6) * norm(a) + (k / 6) * norm(b), 9);
    }
  });

  it('great-circle: parallel points have no unique circle, so the walk is linear', () => {
    const path = interpolate([1, 1], [2, 2], 2, 'great-circle');
    expect(Array.from(path[1]!)).toEqual([1.5, 1.5]);
  });

  it('refuses mismatched points and bad step counts', () => {
    expect(() => interpolate([1, 2], [1], 2, 'linear')).toThrow('explorer: interpolate: the points have 2 and 1 dimensions');
    expect(() => interpolate([1], [2], 0, 'linear')).toThrow('steps must be a positive integer, got 0');
  });
});
