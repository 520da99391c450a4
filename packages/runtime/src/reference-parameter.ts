import { RuntimeError } from './errors.js';
import type { SeededInitialiser } from './seeded-initialiser.js';
import { tf } from './tf.js';
import type { Variable } from './tf.js';

/**
 * One tensor of a reference (PyTorch) `state_dict`, bound to the opnas variable(s) that hold
 * its values. opnas keeps parameters in layouts that suit its kernels (`x·W` with `W` as
 * `in × out`, fused or split blocks); a reference parameter translates between that layout and
 * the reference's name, shape and row-major layout. Saving, loading, importing and seeded
 * initialisation all go through it, so there is one mapping to get right.
 */
export interface ReferenceParameter {
  /** The reference name, e.g. `add_edge.0.weight`. */
  readonly name: string;
  /** The reference shape, e.g. `[4H, 2H]`. */
  readonly shape: readonly number[];
  /**
   * PyTorch's default initialisation of this tensor, or `undefined` to keep the current values
   * (an embedding table chosen by its own `init`). Used by {@link initialiseParameters}.
   */
  readonly init: ParameterInit | undefined;
  /** The current values in the reference layout (a fresh array). */
  read(): Float32Array;
  /** Replaces the values from the reference layout (length must equal the shape's size). */
  write(values: Float32Array): void;
}

/** A PyTorch default initialisation: `U(−bound, bound)` or `N(0, 1)`. */
export type ParameterInit = { readonly kind: 'uniform'; readonly bound: number } | { readonly kind: 'normal' };

/**
 * A rectangle of a variable placed into a reference tensor. Both are viewed as matrices:
 * rank-1 tensors as one row. With `transpose`, `ref[at[0] + j][at[1] + i] = var[rows[0] + i][cols[0] + j]`,
 * which is how `nn.Linear`'s `out × in` weights relate to opnas's `in × out` ones.
 */
export interface ParameterBlock {
  readonly variable: Variable;
  /** `[start, count]` of the variable's rows; default all. */
  readonly rows?: readonly [number, number];
  /** `[start, count]` of the variable's columns; default all. */
  readonly cols?: readonly [number, number];
  /** Top-left corner in the reference tensor; default `[0, 0]`. */
  readonly at?: readonly [number, number];
  readonly transpose: boolean;
}

function matrixShape(shape: readonly number[]): [number, number] {
  if (shape.length === 1) return [1, shape[0]!];
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  throw new RuntimeError(`@opnas/runtime: reference parameters are rank 1 or 2, got shape [${shape.join(', ')}]`);
}

/**
 * Binds a reference tensor to blocks of variables. The blocks must tile the reference tensor
 * exactly (checked here), so every reference value has one home.
 */
export function referenceParameter(name: string, shape: readonly number[], blocks: readonly ParameterBlock[], init?: ParameterInit): ReferenceParameter {
  const [refRows, refCols] = matrixShape(shape);
  const covered = new Uint8Array(refRows * refCols);
  const placed = blocks.map((block) => {
    const [vRows, vCols] = matrixShape(block.variable.shape);
    const rows = block.rows ?? [0, vRows];
    const cols = block.cols ?? [0, vCols];
    const at = block.at ?? [0, 0];
    const height = block.transpose ? cols[1] : rows[1];
    const width = block.transpose ? rows[1] : cols[1];
    if (rows[0] + rows[1] > vRows || cols[0] + cols[1] > vCols || at[0] + height > refRows || at[1] + width > refCols) {
      throw new RuntimeError(`@opnas/runtime: a block of ${name} lies outside its variable or the reference shape [${shape.join(', ')}]`);
    }
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const k = (at[0] + r) * refCols + at[1] + c;
        if (covered[k]) throw new RuntimeError(`@opnas/runtime: blocks of ${name} overlap`);
        covered[k] = 1;
      }
    }
    return { block, vCols, rows, cols, at };
  });
  if (covered.includes(0)) throw new RuntimeError(`@opnas/runtime: blocks of ${name} do not cover its shape [${shape.join(', ')}]`);

  const size = refRows * refCols;
  return {
    name,
    shape: [...shape],
    init,
    read(): Float32Array {
      const out = new Float32Array(size);
      for (const { block, vCols, rows, cols, at } of placed) {
        const data = block.variable.dataSync() as Float32Array;
        for (let i = 0; i < rows[1]; i++) {
          for (let j = 0; j < cols[1]; j++) {
            const v = data[(rows[0] + i) * vCols + cols[0] + j]!;
            if (block.transpose) out[(at[0] + j) * refCols + at[1] + i] = v;
            else out[(at[0] + i) * refCols + at[1] + j] = v;
          }
        }
      }
      return out;
    },
    write(values: Float32Array): void {
      if (values.length !== size) {
        throw new RuntimeError(`@opnas/runtime: ${name} needs ${size} values (shape [${shape.join(', ')}]), got ${values.length}`);
      }
      const updated = new Map<Variable, Float32Array>();
      for (const { block, vCols, rows, cols, at } of placed) {
        let data = updated.get(block.variable);
        if (data === undefined) {
          data = (block.variable.dataSync() as Float32Array).slice();
          updated.set(block.variable, data);
        }
        for (let i = 0; i < rows[1]; i++) {
          for (let j = 0; j < cols[1]; j++) {
            data[(rows[0] + i) * vCols + cols[0] + j] = block.transpose ? values[(at[0] + j) * refCols + at[1] + i]! : values[(at[0] + i) * refCols + at[1] + j]!;
          }
        }
      }
      for (const [variable, data] of updated) {
        tf.tidy(() => variable.assign(tf.tensor(data, variable.shape, 'float32')));
      }
    },
  };
}

/** A reference tensor held by one variable in the same layout (biases, embedding tables). */
export function sameLayoutParameter(name: string, variable: Variable, init?: ParameterInit): ReferenceParameter {
  return referenceParameter(name, variable.shape, [{ variable, transpose: false }], init);
}

/** A reference `out × in` weight held transposed (`in × out`) by one variable. */
export function transposedParameter(name: string, variable: Variable, init?: ParameterInit): ReferenceParameter {
  const [rows, cols] = matrixShape(variable.shape);
  return referenceParameter(name, [cols, rows], [{ variable, transpose: true }], init);
}

/**
 * Draws every parameter that has an `init` from `initialiser`, in list order (pass them in the
 * reference's `state_dict` order to draw as PyTorch's constructors do), and writes it.
 */
export function initialiseParameters(parameters: readonly ReferenceParameter[], initialiser: SeededInitialiser): void {
  for (const p of parameters) {
    if (p.init === undefined) continue;
    const size = p.shape.reduce((a, b) => a * b, 1);
    p.write(p.init.kind === 'uniform' ? initialiser.uniform(size, p.init.bound) : initialiser.normal(size));
  }
}

/**
 * Parameters sorted into a reference `state_dict` order given as name prefixes (names matching
 * no prefix go last); ties keep their order, so each module keeps its own (weight before bias,
 * a GRU's ih/hh order). Models list their own prefixes.
 */
export function inReferenceOrder<P extends Pick<ReferenceParameter, 'name'>>(parameters: readonly P[], prefixes: readonly string[]): P[] {
  const rank = (name: string) => {
    const r = prefixes.findIndex((prefix) => name.startsWith(prefix));
    return r === -1 ? prefixes.length : r;
  };
  return parameters
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p.name) - rank(b.p.name) || a.i - b.i)
    .map(({ p }) => p);
}
