import { positiveInteger } from '@opnas/errors';
import { PythonRandom } from '@opnas/rng';
import { SurrogateArgumentError, invalidArgument } from './errors.js';

/**
 * Binary inputs as sparse rows: row i lists the indices of its features that are 1 (all others
 * are 0). Every ENAS-6 feature of this package is binary, which is what makes the trees cheap.
 */
export interface BinaryRows {
  readonly featureCount: number;
  readonly rows: readonly (readonly number[])[];
}

/** Options of {@link GradientBoostedTrees.fit}. */
export interface GradientBoostedTreesOptions {
  /** Number of trees. Default 600. */
  readonly trees?: number;
  /** Shrinkage of each tree's leaves. Default 0.05. */
  readonly learningRate?: number;
  /** Maximum depth of a tree (a depth-d tree has up to 2^d leaves). Default 6. */
  readonly maxDepth?: number;
  /** Fewest training rows in a leaf. Default 20. */
  readonly minLeafSize?: number;
  /** L2 penalty λ on leaf values: a leaf is Σ residual / (count + λ). Default 1. */
  readonly lambda?: number;
  /** Fraction of the rows each tree is fitted on (stochastic gradient boosting). Default 0.8. */
  readonly subsample?: number;
  /** Seeds the row subsampling. Default 0. */
  readonly seed?: number;
  /** Called after each tree with the number fitted so far (e.g. to track a validation error). */
  readonly onTree?: (count: number, model: GradientBoostedTrees) => void;
}

/** One regression tree, flattened: node k is a leaf when `feature[k] < 0`. */
export interface RegressionTreeJson {
  /** Split feature of each node (−1 for a leaf). */
  readonly feature: number[];
  /** Child index for feature = 0 / feature = 1. */
  readonly zero: number[];
  readonly one: number[];
  /** Leaf value (already shrunk by the learning rate); 0 for internal nodes. */
  readonly value: number[];
}

/** The serialised model. */
export interface GradientBoostedTreesJson {
  readonly featureCount: number;
  readonly base: number;
  readonly trees: RegressionTreeJson[];
}

const round = (v: number) => Number(v.toPrecision(9));

/**
 * Gradient-boosted regression trees for binary features with squared-error loss (Friedman 2001,
 * stochastic variant 2002): each tree is grown depth-first on the current residuals of a random
 * `subsample` of the rows, splitting where the gain `G₁²/(n₁+λ) + G₀²/(n₀+λ) − G²/(n+λ)` is
 * largest, and its leaves are shrunk by `learningRate`.
 *
 * Hand-written because the well-kept JS tree library measured too slow here: one depth-5
 * `ml-cart` regression tree on 18,013 × 51 rows did not finish within 10 minutes, while a
 * split search over sparse binary rows costs O(n · active features) per level (about 10 ms per
 * tree on the same data). The model is a plain JSON of flat arrays, loadable without this code.
 */
export class GradientBoostedTrees {
  private constructor(
    readonly featureCount: number,
    readonly base: number,
    private readonly trees: RegressionTreeJson[],
  ) {}

  /** Number of trees. */
  get size(): number {
    return this.trees.length;
  }

  static fit(x: BinaryRows, y: ArrayLike<number>, options: GradientBoostedTreesOptions = {}): GradientBoostedTrees {
    const n = x.rows.length;
    const d = x.featureCount;
    checkRows(x, 'x');
    if (y.length !== n) throw new SurrogateArgumentError(`@opnas/enas-surrogate: y has ${y.length} values but x has ${n} rows`, 'y');
    for (let i = 0; i < n; i++) if (!Number.isFinite(y[i]!)) throw new SurrogateArgumentError(`@opnas/enas-surrogate: y[${i}] is ${y[i]}, not a finite number`, 'y');
    if (n < 2) throw new SurrogateArgumentError(`@opnas/enas-surrogate: fitting needs at least 2 rows, got ${n}`, 'x');
    const trees = positiveInteger(options.trees ?? 600, 'trees', invalidArgument);
    const maxDepth = positiveInteger(options.maxDepth ?? 6, 'maxDepth', invalidArgument);
    const minLeaf = positiveInteger(options.minLeafSize ?? 20, 'minLeafSize', invalidArgument);
    const rate = options.learningRate ?? 0.05;
    const lambda = options.lambda ?? 1;
    const subsample = options.subsample ?? 0.8;
    if (!(rate > 0 && rate <= 1)) throw new SurrogateArgumentError(`@opnas/enas-surrogate: learningRate must be in (0, 1], got ${rate}`, 'learningRate');
    if (!(lambda >= 0)) throw new SurrogateArgumentError(`@opnas/enas-surrogate: lambda must be ≥ 0, got ${lambda}`, 'lambda');
    if (!(subsample > 0 && subsample <= 1)) throw new SurrogateArgumentError(`@opnas/enas-surrogate: subsample must be in (0, 1], got ${subsample}`, 'subsample');

    let base = 0;
    for (let i = 0; i < n; i++) base += y[i]!;
    base = round(base / n); // stored rounded, so a saved model predicts exactly as the fitted one
    const prediction = new Float64Array(n).fill(base);
    const residual = new Float64Array(n);
    const rng = new PythonRandom(options.seed ?? 0);
    const model = new GradientBoostedTrees(d, base, []);
    const sums = new Float64Array(d);
    const counts = new Int32Array(d);
    const order = Array.from({ length: n }, (_, i) => i);
    const dense = denseRows(x);
    const take = Math.max(2, Math.round(subsample * n));

    for (let t = 0; t < trees; t++) {
      for (let i = 0; i < n; i++) residual[i] = y[i]! - prediction[i]!;
      // partial Fisher–Yates: the first `take` entries are a uniform sample without replacement
      for (let k = 0; k < take && take < n; k++) {
        const j = k + rng.randbelow(n - k);
        const tmp = order[k]!;
        order[k] = order[j]!;
        order[j] = tmp;
      }
      const tree: { feature: number[]; zero: number[]; one: number[]; value: number[] } = { feature: [], zero: [], one: [], value: [] };
      const grow = (rows: number[], depth: number): number => {
        const node = tree.feature.length;
        tree.feature.push(-1);
        tree.zero.push(-1);
        tree.one.push(-1);
        let g = 0;
        for (const i of rows) g += residual[i]!;
        tree.value.push(round((rate * g) / (rows.length + lambda)));
        if (depth >= maxDepth || rows.length < 2 * minLeaf) return node;
        sums.fill(0);
        counts.fill(0);
        for (const i of rows) {
          const r = residual[i]!;
          for (const f of x.rows[i]!) {
            sums[f]! += r;
            counts[f]!++;
          }
        }
        const parent = (g * g) / (rows.length + lambda);
        let best = -1;
        let bestGain = 1e-12;
        for (let f = 0; f < d; f++) {
          const n1 = counts[f]!;
          const n0 = rows.length - n1;
          if (n1 < minLeaf || n0 < minLeaf) continue;
          const g1 = sums[f]!;
          const g0 = g - g1;
          const gain = (g1 * g1) / (n1 + lambda) + (g0 * g0) / (n0 + lambda) - parent;
          if (gain > bestGain) {
            bestGain = gain;
            best = f;
          }
        }
        if (best < 0) return node;
        const ones: number[] = [];
        const zeros: number[] = [];
        for (const i of rows) (dense[i * d + best] ? ones : zeros).push(i);
        tree.feature[node] = best;
        tree.value[node] = 0;
        tree.zero[node] = grow(zeros, depth + 1);
        tree.one[node] = grow(ones, depth + 1);
        return node;
      };
      grow(take < n ? order.slice(0, take) : order.slice(), 0);
      model.trees.push(tree);
      for (let i = 0; i < n; i++) prediction[i]! += evaluateTree(tree, dense, i * d);
      options.onTree?.(t + 1, model);
    }
    return model;
  }

  /** Predictions for sparse binary rows; `trees` uses only the first that many trees. */
  predict(x: BinaryRows, trees = this.trees.length): Float64Array {
    checkRows(x, 'x');
    if (x.featureCount !== this.featureCount) {
      throw new SurrogateArgumentError(`@opnas/enas-surrogate: x has ${x.featureCount} features, the model ${this.featureCount}`, 'x');
    }
    const out = new Float64Array(x.rows.length).fill(this.base);
    const used = this.trees.slice(0, trees);
    const dense = denseRows(x);
    const d = this.featureCount;
    for (let i = 0; i < x.rows.length; i++) for (const tree of used) out[i]! += evaluateTree(tree, dense, i * d);
    return out;
  }

  /** A copy keeping the first `count` trees (e.g. the count picked on a validation split). */
  truncate(count: number): GradientBoostedTrees {
    return new GradientBoostedTrees(this.featureCount, this.base, this.trees.slice(0, count));
  }

  toJSON(): GradientBoostedTreesJson {
    return { featureCount: this.featureCount, base: this.base, trees: this.trees };
  }

  /** Load a model written by {@link GradientBoostedTrees.toJSON}, checking its shape. */
  static fromJSON(json: GradientBoostedTreesJson): GradientBoostedTrees {
    const bad = (what: string) => new SurrogateArgumentError(`@opnas/enas-surrogate: not a gradient-boosted-trees model: ${what}`, 'json');
    if (!json || !Number.isInteger(json.featureCount) || json.featureCount < 1) throw bad('featureCount');
    if (!Number.isFinite(json.base)) throw bad('base');
    if (!Array.isArray(json.trees)) throw bad('trees');
    json.trees.forEach((t, k) => {
      const m = t?.feature?.length;
      if (!m || t.zero?.length !== m || t.one?.length !== m || t.value?.length !== m) throw bad(`tree ${k} has arrays of different lengths`);
      for (let j = 0; j < m; j++) {
        const f = t.feature[j]!;
        if (f >= json.featureCount || (f >= 0 && !(t.zero[j]! > j && t.one[j]! > j && t.zero[j]! < m && t.one[j]! < m))) throw bad(`tree ${k} node ${j}`);
        if (!Number.isFinite(t.value[j]!)) throw bad(`tree ${k} node ${j} value`);
      }
    });
    return new GradientBoostedTrees(json.featureCount, json.base, json.trees);
  }
}

/** Sparse rows → a dense row-major 0/1 matrix, for constant-time feature tests. */
function denseRows(x: BinaryRows): Uint8Array {
  const d = x.featureCount;
  const out = new Uint8Array(x.rows.length * d);
  x.rows.forEach((row, i) => {
    for (const f of row) out[i * d + f] = 1;
  });
  return out;
}

function evaluateTree(tree: RegressionTreeJson, dense: Uint8Array, offset: number): number {
  let k = 0;
  for (;;) {
    const f = tree.feature[k]!;
    if (f < 0) return tree.value[k]!;
    k = dense[offset + f] ? tree.one[k]! : tree.zero[k]!;
  }
}

function checkRows(x: BinaryRows, name: string): void {
  if (!x || !Array.isArray(x.rows) || !Number.isInteger(x.featureCount) || x.featureCount < 1) {
    throw new SurrogateArgumentError(`@opnas/enas-surrogate: ${name} must be { featureCount, rows } of sparse binary rows`, name);
  }
  x.rows.forEach((row, i) => {
    for (const f of row) {
      if (!Number.isInteger(f) || f < 0 || f >= x.featureCount) {
        throw new SurrogateArgumentError(`@opnas/enas-surrogate: ${name} row ${i} lists feature ${f}, outside 0..${x.featureCount - 1}`, name);
      }
    }
  });
}
