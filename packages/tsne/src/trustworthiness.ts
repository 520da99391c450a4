import { TsneError } from './errors.js';
import { toMatrix, type TsneInput } from './input-matrix.js';

/** Squared Euclidean distances from row i to every row. */
function distancesFrom(data: Float64Array, rows: number, cols: number, i: number): Float64Array {
  const out = new Float64Array(rows);
  for (let j = 0; j < rows; j++) {
    let d = 0;
    for (let c = 0; c < cols; c++) {
      const diff = data[i * cols + c]! - data[j * cols + c]!;
      d += diff * diff;
    }
    out[j] = d;
  }
  return out;
}

/**
 * Trustworthiness T(k) of an embedding (Venna & Kaski 2001; scikit-learn's `trustworthiness`):
 * 1 − penalty for points among a point's k embedded neighbours that are not among its k original
 * neighbours, weighted by how far down the original ranking they are. 1 means every embedded
 * neighbourhood is a true one. O(n² log n); for quality checks on samples, not 17k points.
 */
export function trustworthiness(original: TsneInput, embedded: TsneInput, k = 5): number {
  const x = toMatrix(original, 'trustworthiness');
  const y = toMatrix(embedded, 'trustworthiness');
  const n = x.rows;
  if (y.rows !== n) throw new TsneError(`@opnas/tsne: trustworthiness: original has ${n} rows but embedded has ${y.rows}`);
  if (!Number.isInteger(k) || k < 1 || k >= n / 2) throw new TsneError(`@opnas/tsne: trustworthiness: k must be an integer in [1, n/2), got ${k}`);
  let penalty = 0;
  const ids = Array.from({ length: n }, (_, j) => j);
  for (let i = 0; i < n; i++) {
    const dx = distancesFrom(x.data, n, x.cols, i);
    const dy = distancesFrom(y.data, n, y.cols, i);
    // Rank 1 = nearest other point; ties by index, as a stable argsort gives.
    const byX = ids.filter((j) => j !== i).sort((a, b) => dx[a]! - dx[b]! || a - b);
    const rank = new Int32Array(n);
    byX.forEach((j, r) => (rank[j] = r + 1));
    const byY = ids.filter((j) => j !== i).sort((a, b) => dy[a]! - dy[b]! || a - b);
    for (let r = 0; r < k; r++) penalty += Math.max(0, rank[byY[r]!]! - k);
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * penalty;
}
