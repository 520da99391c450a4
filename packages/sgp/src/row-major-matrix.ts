import { SgpArgumentError } from './errors.js';

/**
 * A dense matrix as the SGP takes inputs: `rows × cols` numbers in row-major order (row i is
 * `data[i·cols .. (i+1)·cols)`). Latent means from `@opnas/latents` (a Float32Array) fit as is.
 */
export interface RowMajorMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: ArrayLike<number>;
}

/** Wrap an array of equal-length rows as a `RowMajorMatrix` (copied into a Float64Array). */
export function matrixFromRows(rows: readonly (readonly number[])[], name = 'rows'): RowMajorMatrix {
  const cols = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    if (row.length !== cols) {
      throw new SgpArgumentError(`@opnas/sgp: ${name} row ${i} has ${row.length} values but row 0 has ${cols}`, name);
    }
    data.set(row, i * cols);
  });
  return { rows: rows.length, cols, data };
}

/**
 * Check shape and finiteness; `name` is the argument's name in the error. Returns the data as
 * a Float64Array (a copy unless it already is one).
 */
export function checkedMatrix(matrix: RowMajorMatrix, name: string): Float64Array {
  const { rows, cols, data } = matrix;
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
    throw new SgpArgumentError(`@opnas/sgp: ${name} must have at least one row and one column, got ${rows}×${cols}`, name);
  }
  if (data.length !== rows * cols) {
    throw new SgpArgumentError(`@opnas/sgp: ${name} is ${rows}×${cols} but holds ${data.length} values`, name);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new SgpArgumentError(`@opnas/sgp: ${name} has a non-finite value (${data[i]}) at row ${Math.floor(i / cols)}, column ${i % cols}`, name);
    }
  }
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

/** Check a target vector: finite values, the expected length. */
export function checkedVector(values: ArrayLike<number>, name: string, length: number, lengthOf: string): Float64Array {
  if (values.length !== length) {
    throw new SgpArgumentError(`@opnas/sgp: ${name} has ${values.length} values but ${lengthOf} has ${length} rows`, name);
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new SgpArgumentError(`@opnas/sgp: ${name} has a non-finite value (${values[i]}) at index ${i}`, name);
    }
  }
  return values instanceof Float64Array ? values : Float64Array.from(values);
}
