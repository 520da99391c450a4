import type { NearestNeighbours } from './nearest-neighbours.js';

/** A sparse symmetric matrix in compressed-row form. */
export interface SparseMatrix {
  readonly rows: number;
  /** Row `i`'s entries are `indptr[i] … indptr[i+1]−1`. */
  readonly indptr: Int32Array;
  /** Column of each entry, ascending within a row. */
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/**
 * Joint probabilities `P = (C + Cᵀ) / sum(C + Cᵀ)` from the conditional ones, kept sparse on
 * the union of both neighbour lists — scikit-learn's `_joint_probabilities_nn`.
 */
export function jointProbabilities(neighbours: NearestNeighbours, conditional: Float64Array): SparseMatrix {
  const { rows, k, indices } = neighbours;
  const counts = new Int32Array(rows + 1);
  for (let i = 0; i < rows; i++) {
    counts[i + 1]! += k;
    for (let a = 0; a < k; a++) counts[indices[i * k + a]! + 1]!++;
  }
  for (let i = 0; i < rows; i++) counts[i + 1]! += counts[i]!;
  const fill = counts.slice(0, rows);
  const cols = new Int32Array(counts[rows]!);
  const vals = new Float64Array(counts[rows]!);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < k; a++) {
      const j = indices[i * k + a]!;
      const v = conditional[i * k + a]!;
      cols[fill[i]!] = j;
      vals[fill[i]!++] = v;
      cols[fill[j]!] = i;
      vals[fill[j]!++] = v;
    }
  }
  // Sort each row by column and merge the pairs present in both lists.
  const indptr = new Int32Array(rows + 1);
  const outCols: number[] = [];
  const outVals: number[] = [];
  let total = 0;
  const order: number[] = [];
  for (let i = 0; i < rows; i++) {
    const start = counts[i]!;
    const end = counts[i + 1]!;
    order.length = 0;
    for (let e = start; e < end; e++) order.push(e);
    order.sort((a, b) => cols[a]! - cols[b]!);
    for (let o = 0; o < order.length; o++) {
      const e = order[o]!;
      if (outCols.length > indptr[i]! && outCols[outCols.length - 1] === cols[e]) outVals[outVals.length - 1]! += vals[e]!;
      else {
        outCols.push(cols[e]!);
        outVals.push(vals[e]!);
      }
      total += vals[e]!;
    }
    indptr[i + 1] = outCols.length;
  }
  const values = Float64Array.from(outVals);
  const norm = Math.max(total, Number.EPSILON);
  for (let e = 0; e < values.length; e++) values[e]! /= norm;
  return { rows, indptr, indices: Int32Array.from(outCols), values };
}
