import { type CompactBfgsMemory, dot } from './compact-bfgs-memory.js';

/**
 * Variable status as L-BFGS-B's `iwhere`: −1 unbounded, 0 free with bounds, −3 free with a zero
 * gradient, 1 fixed at its lower bound, 2 fixed at its upper bound, 3 lower = upper.
 */
export type VariableStatus = Int8Array;

/** Machine epsilon, as the reference's `epsmch`. */
export const EPSILON = 2.220446049250313e-16;

/**
 * The generalised Cauchy point (Byrd, Lu, Nocedal & Zhu 1995, Algorithm CP): the first local
 * minimiser of the quadratic model m(x) = gᵀ(x − x_k) + ½(x − x_k)ᵀB(x − x_k) along the projected
 * steepest-descent path P(x_k − t·g), found by walking the path's breakpoints in increasing t and
 * updating the model's first and second directional derivatives f′, f″ incrementally (each
 * segment costs O(m²), not O(n)).
 *
 * Writes the point to `xcp`, c = Wᵀ(xcp − x) to `c`, and marks the variables that reached a bound
 * in `status`.
 */
export function generalisedCauchyPoint(
  x: Float64Array,
  g: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  status: VariableStatus,
  memory: CompactBfgsMemory,
  xcp: Float64Array,
  c: Float64Array,
): void {
  const n = x.length;
  const col = memory.col;
  const c2 = 2 * col;
  const theta = memory.theta;
  const d = new Float64Array(n);
  const p = new Float64Array(c2);
  const breakT: number[] = [];
  const breakIndex: number[] = [];
  const wRow = new Float64Array(c2);
  let f1 = 0;
  let bounded = true;
  let freeWithoutBreak = 0;
  for (let i = 0; i < n; i++) {
    const negG = -g[i]!;
    const hasL = Number.isFinite(lower[i]!);
    const hasU = Number.isFinite(upper[i]!);
    let tl = 0;
    let tu = 0;
    if (status[i] !== 3 && status[i] !== -1) {
      if (hasL) tl = x[i]! - lower[i]!;
      if (hasU) tu = upper[i]! - x[i]!;
      const atLower = hasL && tl <= 0;
      const atUpper = hasU && tu <= 0;
      status[i] = 0;
      if (atLower) {
        if (negG <= 0) status[i] = 1;
      } else if (atUpper) {
        if (negG >= 0) status[i] = 2;
      } else if (Math.abs(negG) <= 0) status[i] = -3;
    }
    if (status[i] !== 0 && status[i] !== -1) {
      d[i] = 0;
      continue;
    }
    d[i] = negG;
    f1 -= negG * negG;
    for (let j = 0; j < col; j++) {
      p[j]! += memory.y[j]![i]! * negG;
      p[col + j]! += memory.s[j]![i]! * negG;
    }
    if (hasL && negG < 0) {
      breakT.push(tl / -negG);
      breakIndex.push(i);
    } else if (hasU && negG > 0) {
      breakT.push(tu / negG);
      breakIndex.push(i);
    } else {
      freeWithoutBreak++;
      if (Math.abs(negG) > 0) bounded = false;
    }
  }
  for (let j = 0; j < col; j++) p[col + j]! *= theta;
  xcp.set(x);
  c.fill(0, 0, c2);
  const nbreak = breakT.length;
  if (nbreak === 0 && freeWithoutBreak === 0) return; // d = 0: x is the Cauchy point

  const v = new Float64Array(c2);
  let f2 = -theta * f1;
  const f2Original = f2;
  if (col > 0) {
    memory.applyM(p, v);
    f2 -= dot(v, p);
  }
  let dtm = -f1 / f2;
  let tsum = 0;
  const order = Array.from({ length: nbreak }, (_, k) => k).sort((a, b) => breakT[a]! - breakT[b]! || a - b);
  let tj = 0;
  let allFixed = false;
  for (let k = 0; k < nbreak; k++) {
    const ib = order[k]!;
    const tj0 = tj;
    tj = breakT[ib]!;
    const dt = tj - tj0;
    if (dtm < dt) break; // the minimiser lies inside this segment
    tsum += dt;
    const i = breakIndex[ib]!;
    const di = d[i]!;
    d[i] = 0;
    let zi: number;
    if (di > 0) {
      zi = upper[i]! - x[i]!;
      xcp[i] = upper[i]!;
      status[i] = 2;
    } else {
      zi = lower[i]! - x[i]!;
      xcp[i] = lower[i]!;
      status[i] = 1;
    }
    const left = nbreak - k - 1;
    if (left === 0 && nbreak === n) {
      // every variable is at a bound: the path ends here
      dtm = dt;
      allFixed = true;
      break;
    }
    const di2 = di * di;
    f1 += dt * f2 + di2 - theta * di * zi;
    f2 -= theta * di2;
    if (col > 0) {
      for (let j = 0; j < c2; j++) c[j]! += dt * p[j]!;
      memory.wRow(i, wRow);
      memory.applyM(wRow, v);
      const wmc = dot(v, c);
      const wmp = dot(v, p);
      const wmw = dot(v, wRow);
      for (let j = 0; j < c2; j++) p[j]! -= di * wRow[j]!;
      f1 += di * wmc;
      f2 += 2 * di * wmp - di2 * wmw;
    }
    f2 = Math.max(EPSILON * f2Original, f2);
    if (left > 0) dtm = -f1 / f2;
    else if (bounded) {
      f1 = 0;
      f2 = 0;
      dtm = 0;
    } else dtm = -f1 / f2;
  }
  if (!allFixed) {
    if (dtm <= 0) dtm = 0;
    tsum += dtm;
    // move the variables that have not reached a breakpoint (d is zero for the others)
    for (let i = 0; i < n; i++) xcp[i]! += tsum * d[i]!;
  }
  if (col > 0) for (let j = 0; j < c2; j++) c[j]! += dtm * p[j]!;
}
