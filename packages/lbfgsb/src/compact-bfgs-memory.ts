import { type SmallLu, smallLu, smallLuSolve } from './small-dense-solve.js';

/**
 * The limited-memory BFGS matrix in the compact form of Byrd, Nocedal and Schnabel (1994),
 * as L-BFGS-B uses it:
 *
 *   B = θI − W M Wᵀ,   W = [Y  θS],   M = [[−D, Lᵀ], [L, θSᵀS]]⁻¹,
 *
 * with S, Y the last `col ≤ m` correction pairs (oldest first), D = diag(sᵢᵀyᵢ) and L the strictly
 * lower triangle of SᵀY (L_ij = sᵢᵀyⱼ, i > j). M is applied through an LU factorisation of its
 * (2·col)² inverse, which `prepare` forms once per iteration.
 */
export class CompactBfgsMemory {
  readonly s: Float64Array[] = [];
  readonly y: Float64Array[] = [];
  theta = 1;
  /** (2·col)² middle matrix M⁻¹, row-major; valid after `prepare`. */
  middle = new Float64Array(0);
  private factor: SmallLu | null = null;

  constructor(
    readonly n: number,
    readonly m: number,
  ) {}

  get col(): number {
    return this.s.length;
  }

  reset(): void {
    this.s.length = 0;
    this.y.length = 0;
    this.theta = 1;
    this.factor = null;
  }

  /** Add a pair (dropping the oldest beyond m) with θ = yᵀy / sᵀy. */
  push(s: Float64Array, y: Float64Array, theta: number): void {
    if (this.s.length === this.m) {
      this.s.shift();
      this.y.shift();
    }
    this.s.push(s);
    this.y.push(y);
    this.theta = theta;
  }

  /**
   * Form and factor M⁻¹. Returns false when T = θSᵀS + L D⁻¹ Lᵀ (the Schur complement the
   * reference factorises in `formt`) is not positive definite: the caller then discards the
   * memory, as L-BFGS-B does.
   */
  prepare(): boolean {
    const col = this.col;
    const c2 = 2 * col;
    const mid = new Float64Array(c2 * c2);
    const t = new Float64Array(col * col);
    const sy = new Float64Array(col * col);
    for (let i = 0; i < col; i++) for (let j = 0; j < col; j++) sy[i * col + j] = dot(this.s[i]!, this.y[j]!);
    for (let i = 0; i < col; i++) {
      mid[i * c2 + i] = -sy[i * col + i]!;
      for (let j = 0; j < i; j++) {
        const lij = sy[i * col + j]!;
        mid[(col + i) * c2 + j] = lij; // L block (lower left)
        mid[j * c2 + col + i] = lij; // Lᵀ block (upper right)
      }
      for (let j = 0; j < col; j++) {
        const ss = this.theta * dot(this.s[i]!, this.s[j]!);
        mid[(col + i) * c2 + col + j] = ss;
        t[i * col + j] = ss;
      }
    }
    // T = θSᵀS + L D⁻¹ Lᵀ must be positive definite
    for (let i = 0; i < col; i++) {
      for (let j = 0; j < col; j++) {
        let acc = 0;
        for (let k = 0; k < Math.min(i, j); k++) acc += (sy[i * col + k]! * sy[j * col + k]!) / sy[k * col + k]!;
        t[i * col + j]! += acc;
      }
    }
    if (!choleskyOk(t, col)) return false;
    this.middle = mid;
    this.factor = col === 0 ? null : smallLu(mid, c2);
    return col === 0 || this.factor !== null;
  }

  /** out = M·v (v of length 2·col). */
  applyM(v: Float64Array, out: Float64Array): void {
    out.set(v);
    if (this.factor) smallLuSolve(this.factor, out);
  }

  /** Row i of W: (y_1[i] … y_col[i], θ s_1[i] … θ s_col[i]). */
  wRow(i: number, out: Float64Array): void {
    const col = this.col;
    for (let j = 0; j < col; j++) {
      out[j] = this.y[j]![i]!;
      out[col + j] = this.theta * this.s[j]![i]!;
    }
  }
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function choleskyOk(a: Float64Array, n: number): boolean {
  const l = Float64Array.from(a);
  for (let j = 0; j < n; j++) {
    let d = l[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! ** 2;
    if (!(d > 0)) return false;
    const r = Math.sqrt(d);
    l[j * n + j] = r;
    for (let i = j + 1; i < n; i++) {
      let s = l[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / r;
    }
  }
  return true;
}
