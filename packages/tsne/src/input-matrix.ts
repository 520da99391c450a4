import { TsneError } from './errors.js';

/** A row-major matrix: `rows × cols` values, row `i` at `data[i·cols … (i+1)·cols)`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: ArrayLike<number>;
}

/** What {@link tsne} embeds: a row-major {@link Matrix} or an array of rows. */
export type TsneInput = Matrix | readonly ArrayLike<number>[];

/** Copy the input into a Float64 row-major matrix, rejecting ragged rows and non-finite values. */
export function toMatrix(input: TsneInput, fn: string): { rows: number; cols: number; data: Float64Array } {
  if (Array.isArray(input)) {
    const rows = input as readonly ArrayLike<number>[];
    const cols = rows[0]?.length ?? 0;
    const data = new Float64Array(rows.length * cols);
    rows.forEach((row, i) => {
      if (row.length !== cols) throw new TsneError(`@opnas/tsne: ${fn}: row ${i} has ${row.length} values but row 0 has ${cols}`);
      for (let c = 0; c < cols; c++) data[i * cols + c] = row[c]!;
    });
    return check({ rows: rows.length, cols, data }, fn);
  }
  const m = input as Matrix;
  if (!Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 0 || m.cols < 1) {
    throw new TsneError(`@opnas/tsne: ${fn}: input.rows and input.cols must be non-negative integers (cols ≥ 1), got ${m.rows} × ${m.cols}`);
  }
  if (m.data.length !== m.rows * m.cols) {
    throw new TsneError(`@opnas/tsne: ${fn}: input.data has ${m.data.length} values but ${m.rows} × ${m.cols} = ${m.rows * m.cols} were declared`);
  }
  return check({ rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) }, fn);
}

function check<T extends { rows: number; cols: number; data: Float64Array }>(m: T, fn: string): T {
  for (let k = 0; k < m.data.length; k++) {
    if (!Number.isFinite(m.data[k]!)) {
      throw new TsneError(`@opnas/tsne: ${fn}: value at row ${Math.floor(k / m.cols)}, column ${k % m.cols} is ${m.data[k]}, not a finite number`);
    }
  }
  return m;
}
