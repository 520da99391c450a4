import type { RowMajorMatrix } from '@opnas/sgp';
import { BayesOptArgumentError } from './errors.js';

/** Per-dimension bounds of the search space. */
export interface SearchBox {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** The per-dimension [min, max] of the rows of x: the box BO searches (protocol §7.2 c). */
export function dataBox(x: RowMajorMatrix): SearchBox {
  const { rows, cols, data } = x;
  if (rows < 1 || data.length !== rows * cols) {
    throw new BayesOptArgumentError(`@opnas/bayesopt: x is ${rows}×${cols} but holds ${data.length} values`, 'x');
  }
  const lower = new Float64Array(cols).fill(Infinity);
  const upper = new Float64Array(cols).fill(-Infinity);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols; c++) {
      const v = data[i * cols + c]!;
      if (!Number.isFinite(v)) throw new BayesOptArgumentError(`@opnas/bayesopt: x has a non-finite value (${v}) at row ${i}, column ${c}`, 'x');
      if (v < lower[c]!) lower[c] = v;
      if (v > upper[c]!) upper[c] = v;
    }
  }
  return { lower, upper };
}

/** Check a box against a dimension. */
export function checkBox(box: SearchBox, dim: number): void {
  if (box.lower.length !== dim || box.upper.length !== dim) {
    throw new BayesOptArgumentError(`@opnas/bayesopt: box has ${box.lower.length}/${box.upper.length} bounds but the posterior has D = ${dim}`, 'box');
  }
  for (let d = 0; d < dim; d++) {
    if (!(box.lower[d]! <= box.upper[d]!) || !Number.isFinite(box.lower[d]!) || !Number.isFinite(box.upper[d]!)) {
      throw new BayesOptArgumentError(`@opnas/bayesopt: box dimension ${d} is [${box.lower[d]}, ${box.upper[d]}]`, 'box');
    }
  }
}
