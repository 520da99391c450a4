import { PythonRandom } from '@opnas/rng';
import { describe, expect, it } from 'vitest';
import { type BinaryRows, GradientBoostedTrees } from './gradient-boosted-trees.js';

/** n random rows over d binary features, each feature set with probability ½. */
function randomRows(n: number, d: number, seed: number): BinaryRows {
  const rng = new PythonRandom(seed);
  return { featureCount: d, rows: Array.from({ length: n }, () => Array.from({ length: d }, (_, f) => f).filter(() => rng.random() < 0.5)) };
}
const has = (row: readonly number[], f: number) => (row.includes(f) ? 1 : 0);
const rmse = (p: ArrayLike<number>, y: number[]) => Math.sqrt(y.reduce((s, v, i) => s + (p[i]! - v) ** 2, 0) / y.length);

describe('GradientBoostedTrees', () => {
  it('one unshrunk depth-1 tree splits on the feature that explains most and predicts the two group means', () => {
    const x = randomRows(400, 5, 1);
    const y = x.rows.map((r) => 3 * has(r, 2) + 0.5 * has(r, 4));
    const model = GradientBoostedTrees.fit(x, y, { trees: 1, maxDepth: 1, learningRate: 1, lambda: 0, subsample: 1, minLeafSize: 1 });
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const on = mean(y.filter((_, i) => has(x.rows[i]!, 2)));
    const off = mean(y.filter((_, i) => !has(x.rows[i]!, 2)));
    const p = model.predict(x);
    x.rows.forEach((r, i) => expect(p[i]).toBeCloseTo(has(r, 2) ? on : off, 6));
  });

  it('a depth-2 tree fits an interaction (x0 AND x1) that no single split can', () => {
    const x = randomRows(300, 4, 2);
    const y = x.rows.map((r) => has(r, 0) * has(r, 1));
    const stump = GradientBoostedTrees.fit(x, y, { trees: 1, maxDepth: 1, learningRate: 1, lambda: 0, subsample: 1, minLeafSize: 1 });
    const one = GradientBoostedTrees.fit(x, y, { trees: 1, maxDepth: 2, learningRate: 1, lambda: 0, subsample: 1, minLeafSize: 1 });
    expect(rmse(stump.predict(x), y)).toBeGreaterThan(0.2);
    expect(rmse(one.predict(x), y)).toBeLessThan(1e-6); // exact up to the 9-digit rounding of leaves
  });

  it('boosting lowers the training error tree by tree and generalises on a noisy additive target', () => {
    const x = randomRows(2000, 20, 3);
    const noise = new PythonRandom(9);
    const f = (r: readonly number[]) => 0.7 + 0.01 * has(r, 0) - 0.004 * has(r, 7) + 0.006 * has(r, 3) * has(r, 11);
    const y = x.rows.map((r) => f(r) + 0.001 * noise.gauss());
    const errors: number[] = [];
    const model = GradientBoostedTrees.fit(x, y, { trees: 150, maxDepth: 3, learningRate: 0.1, seed: 4, onTree: (k, m) => k % 50 === 0 && errors.push(rmse(m.predict(x, k), y)) });
    expect(errors[1]!).toBeLessThan(errors[0]!);
    expect(errors[2]!).toBeLessThanOrEqual(errors[1]!);
    const test = randomRows(500, 20, 5);
    const truth = test.rows.map(f);
    // close to the noise floor (0.001) on unseen rows; a constant scores ≈ 0.006
    expect(rmse(model.predict(test), truth)).toBeLessThan(0.0012);
  });

  it('is reproducible from its seed, and round-trips through JSON', () => {
    const x = randomRows(300, 6, 6);
    const y = x.rows.map((r) => has(r, 1) + 0.3 * has(r, 5));
    const a = GradientBoostedTrees.fit(x, y, { trees: 20, maxDepth: 3, seed: 1 });
    const b = GradientBoostedTrees.fit(x, y, { trees: 20, maxDepth: 3, seed: 1 });
    const c = GradientBoostedTrees.fit(x, y, { trees: 20, maxDepth: 3, seed: 2 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    const loaded = GradientBoostedTrees.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(Array.from(loaded.predict(x))).toEqual(Array.from(a.predict(x)));
    expect(a.truncate(5).size).toBe(5);
    expect(Array.from(a.truncate(5).predict(x))).toEqual(Array.from(a.predict(x, 5)));
  });

  it('rejects bad input and malformed models, naming what is wrong', () => {
    const x = randomRows(10, 3, 7);
    expect(() => GradientBoostedTrees.fit(x, [1, 2, 3, Number.NaN, 5, 6, 7, 8, 9, 10])).toThrow(/y\[3\] is NaN, not a finite number/);
    expect(() => GradientBoostedTrees.fit(x, [1, 2])).toThrow(/y has 2 values but x has 10 rows/);
    expect(() => GradientBoostedTrees.fit({ featureCount: 3, rows: [[0], [3]] }, [1, 2])).toThrow(/x row 1 lists feature 3, outside 0..2/);
    expect(() =>
      GradientBoostedTrees.fit(
        x,
        x.rows.map(() => 1),
        { learningRate: 0 },
      ),
    ).toThrow(/learningRate must be in \(0, 1\]/);
    const json = GradientBoostedTrees.fit(
      x,
      x.rows.map((r) => r.length),
      { trees: 2, maxDepth: 2, minLeafSize: 1 },
    ).toJSON();
    const broken = { ...json, trees: [{ ...json.trees[0]!, zero: json.trees[0]!.zero.map(() => 0) }] };
    expect(() => GradientBoostedTrees.fromJSON(broken)).toThrow(/not a gradient-boosted-trees model: tree 0 node 0/);
    expect(() => GradientBoostedTrees.fromJSON({ ...json, base: Number.NaN })).toThrow(/base/);
  });
});
