import type { CompactBfgsMemory } from './compact-bfgs-memory.js';
import type { VariableStatus } from './generalised-cauchy-point.js';
import { smallLu, smallLuSolve } from './small-dense-solve.js';

/**
 * Direct primal subspace minimisation of L-BFGS-B (Byrd et al. 1995, §5.1) with the projection
 * step of L-BFGS-B 3.0 (Morales & Nocedal 2011): minimise the quadratic model over the variables
 * that are free at the Cauchy point (the others stay at their bounds), then
 *
 * - project the unconstrained subspace minimiser onto the box, and keep it if it is a descent
 *   direction from x_k;
 * - otherwise fall back to the original method: the longest feasible step towards it.
 *
 * The reduced Newton system B̂ d = r (B̂ = θI − UMUᵀ, U = ZᵀW) is solved with the
 * Sherman–Morrison–Woodbury formula d = r/θ + U (M⁻¹ − UᵀU/θ)⁻¹ Uᵀ r / θ², a (2m)² system.
 *
 * On return `z` holds the new search target; returns false when that small system is singular
 * (the caller keeps the Cauchy point).
 */
export function subspaceMinimisation(
  x: Float64Array,
  g: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  status: VariableStatus,
  memory: CompactBfgsMemory,
  xcp: Float64Array,
  c: Float64Array,
  z: Float64Array,
): boolean {
  const n = x.length;
  const col = memory.col;
  const c2 = 2 * col;
  const theta = memory.theta;
  z.set(xcp);
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (status[i]! <= 0) free.push(i);
  const nsub = free.length;
  if (nsub === 0 || col === 0) return true;

  // r = −Zᵀ(g + B(xcp − x)) = −Zᵀ(g + θ(xcp − x) − W M c)
  const mc = new Float64Array(c2);
  memory.applyM(c.subarray(0, c2), mc);
  const u = new Float64Array(nsub * c2);
  const r = new Float64Array(nsub);
  const row = new Float64Array(c2);
  for (let k = 0; k < nsub; k++) {
    const i = free[k]!;
    memory.wRow(i, row);
    u.set(row, k * c2);
    let wmc = 0;
    for (let j = 0; j < c2; j++) wmc += row[j]! * mc[j]!;
    r[k] = -theta * (xcp[i]! - x[i]!) - g[i]! + wmc;
  }
  const wv = new Float64Array(c2);
  const k2 = Float64Array.from(memory.middle);
  for (let k = 0; k < nsub; k++) {
    const rk = r[k]!;
    const uk = k * c2;
    for (let a = 0; a < c2; a++) {
      const ua = u[uk + a]!;
      wv[a]! += ua * rk;
      for (let b = 0; b < c2; b++) k2[a * c2 + b]! -= (ua * u[uk + b]!) / theta;
    }
  }
  const f = smallLu(k2, c2);
  if (!f) return false;
  smallLuSolve(f, wv);
  const d = new Float64Array(nsub);
  for (let k = 0; k < nsub; k++) {
    let s = 0;
    for (let a = 0; a < c2; a++) s += u[k * c2 + a]! * wv[a]!;
    d[k] = r[k]! / theta + s / (theta * theta);
  }

  // projection of the subspace Newton point
  let hitBound = false;
  for (let k = 0; k < nsub; k++) {
    const i = free[k]!;
    let v = xcp[i]! + d[k]!;
    if (v < lower[i]!) v = lower[i]!;
    if (v > upper[i]!) v = upper[i]!;
    z[i] = v;
    if (v === lower[i]! || v === upper[i]!) hitBound = true;
  }
  if (!hitBound) return true;
  let directional = 0;
  for (let i = 0; i < n; i++) directional += (z[i]! - x[i]!) * g[i]!;
  if (directional <= 0) return true;

  // not a descent direction: the longest feasible step from the Cauchy point instead
  z.set(xcp);
  let alpha = 1;
  let limiting = -1;
  for (let k = 0; k < nsub; k++) {
    const i = free[k]!;
    const dk = d[k]!;
    let t = alpha;
    if (dk < 0 && Number.isFinite(lower[i]!)) {
      const room = lower[i]! - z[i]!;
      if (room >= 0) t = 0;
      else if (dk * alpha < room) t = room / dk;
    } else if (dk > 0 && Number.isFinite(upper[i]!)) {
      const room = upper[i]! - z[i]!;
      if (room <= 0) t = 0;
      else if (dk * alpha > room) t = room / dk;
    }
    if (t < alpha) {
      alpha = t;
      limiting = k;
    }
  }
  if (alpha < 1 && limiting >= 0) {
    const i = free[limiting]!;
    const dk = d[limiting]!;
    if (dk > 0) z[i] = upper[i]!;
    else if (dk < 0) z[i] = lower[i]!;
    d[limiting] = 0;
  }
  for (let k = 0; k < nsub; k++) z[free[k]!]! += alpha * d[k]!;
  return true;
}
