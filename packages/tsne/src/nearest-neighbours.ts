/** The k nearest neighbours of every row, by squared Euclidean distance, self excluded. */
export interface NearestNeighbours {
  readonly rows: number;
  readonly k: number;
  /** Row-major `rows × k` neighbour indices, nearest first. */
  readonly indices: Int32Array;
  /** Row-major `rows × k` squared distances, ascending. */
  readonly squaredDistances: Float64Array;
}

/**
 * Exact k-nearest neighbours by brute force over all pairs, each pair computed once and offered
 * to both rows' bounded max-heaps. For the 17,118 × 56 latents that is 8.2·10⁹ multiply-adds,
 * a few seconds — cheaper than building a tree that high dimensions make ineffective.
 * `onRow(i)` is called after row `i`'s pairs with later rows are done.
 */
export function nearestNeighbours(data: Float64Array, rows: number, cols: number, k: number, onRow?: (row: number) => void): NearestNeighbours {
  const heapD = new Float64Array(rows * k).fill(Infinity);
  const heapI = new Int32Array(rows * k).fill(-1);
  // Replace the root of row r's max-heap with (d, j) and sift down.
  const push = (r: number, d: number, j: number): void => {
    const base = r * k;
    let pos = 0;
    for (;;) {
      const left = 2 * pos + 1;
      if (left >= k) break;
      const right = left + 1;
      const child = right < k && heapD[base + right]! > heapD[base + left]! ? right : left;
      if (heapD[base + child]! <= d) break;
      heapD[base + pos] = heapD[base + child]!;
      heapI[base + pos] = heapI[base + child]!;
      pos = child;
    }
    heapD[base + pos] = d;
    heapI[base + pos] = j;
  };
  for (let i = 0; i < rows; i++) {
    const oi = i * cols;
    for (let j = i + 1; j < rows; j++) {
      const oj = j * cols;
      // Four independent accumulators let the CPU overlap the multiply-adds.
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      let c = 0;
      for (; c + 3 < cols; c += 4) {
        const a = data[oi + c]! - data[oj + c]!;
        const b = data[oi + c + 1]! - data[oj + c + 1]!;
        const e = data[oi + c + 2]! - data[oj + c + 2]!;
        const f = data[oi + c + 3]! - data[oj + c + 3]!;
        d0 += a * a;
        d1 += b * b;
        d2 += e * e;
        d3 += f * f;
      }
      for (; c < cols; c++) {
        const a = data[oi + c]! - data[oj + c]!;
        d0 += a * a;
      }
      const d = d0 + d1 + (d2 + d3);
      if (d < heapD[i * k]!) push(i, d, j);
      if (d < heapD[j * k]!) push(j, d, i);
    }
    onRow?.(i);
  }
  // Heaps to ascending order (ties by index, for determinism).
  const order = new Array<number>(k);
  const sortedD = new Float64Array(rows * k);
  const sortedI = new Int32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    const base = r * k;
    for (let a = 0; a < k; a++) order[a] = a;
    order.sort((a, b) => heapD[base + a]! - heapD[base + b]! || heapI[base + a]! - heapI[base + b]!);
    for (let a = 0; a < k; a++) {
      sortedD[base + a] = heapD[base + order[a]!]!;
      sortedI[base + a] = heapI[base + order[a]!]!;
    }
  }
  return { rows, k, indices: sortedI, squaredDistances: sortedD };
}
