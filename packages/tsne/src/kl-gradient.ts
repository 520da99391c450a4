import type { SparseMatrix } from './joint-probabilities.js';
import { QuadTree } from './quadtree.js';

/** Smallest positive float32: scikit-learn's floor inside the KL logarithm. */
const FLOAT32_TINY = 1.1754943508222875e-38;
const DUPLICATE = 1e-6;

/** The KL divergence (when asked for) and its gradient with respect to the 2-D embedding. */
export interface KlGradient {
  /** KL(P‖Q); undefined when not asked for (scikit-learn evaluates it only every 50 iterations). */
  readonly error: number | undefined;
  readonly gradient: Float64Array;
}

/**
 * Barnes–Hut gradient of KL(P‖Q) for Student-t (one degree of freedom) similarities in 2-D:
 * `∂C/∂y_i = 4 (Σ_j p_ij q_ij Z (y_i − y_j) − Σ_j q_ij² Z² (y_i − y_j) / Z)`, the attractive
 * sum over P's sparse entries and the repulsive sum over quadtree cells whose width/distance
 * is below `angle` (a cell's points replaced by their centre of mass). Follows scikit-learn's
 * `_barnes_hut_tsne.gradient`, including its self-interaction rule (a leaf within 1e-6 of the
 * point is skipped). `angle = 0` gives the exact gradient for the given P.
 */
export function klGradient(y: Float64Array, p: SparseMatrix, angle: number, computeError: boolean, out?: Float64Array): KlGradient {
  const n = p.rows;
  const gradient = out ?? new Float64Array(2 * n);
  const tree = new QuadTree(y, n);
  const { firstChild } = tree;
  // Pack what a traversal reads per cell into one stride-4 row (centre of mass, count, squared
  // width): one cache line per visited cell instead of four.
  const cells = new Float64Array(4 * tree.size);
  for (let c = 0; c < tree.size; c++) {
    cells[4 * c] = tree.massX[c]!;
    cells[4 * c + 1] = tree.massY[c]!;
    cells[4 * c + 2] = tree.mass[c]!;
    cells[4 * c + 3] = 4 * tree.halfWidth[c]! * tree.halfWidth[c]!;
  }
  const theta2 = angle * angle;
  const stack = new Int32Array(4 * 64 + 8);
  let sumQ = 0;
  // Repulsive forces (unnormalised), accumulated with Z = Σ q. Points are visited in the tree's
  // depth-first leaf order, so consecutive traversals walk nearly the same cells (cache-warm).
  const order = tree.leafOrder();
  for (let o = 0; o < n; o++) {
    const i = order[o]!;
    const px = y[2 * i]!;
    const py = y[2 * i + 1]!;
    let fx = 0;
    let fy = 0;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const c = stack[--sp]!;
      const base = 4 * c;
      const dx = px - cells[base]!;
      const dy = py - cells[base + 1]!;
      const d2 = dx * dx + dy * dy;
      const child = firstChild[c]!;
      if (child === -1) {
        if (Math.abs(dx) <= DUPLICATE && Math.abs(dy) <= DUPLICATE) continue;
      } else if (!(cells[base + 3]! < theta2 * d2)) {
        // Too close to summarise: open the cell (empty children are skipped when pushed).
        for (let k = child; k < child + 4; k++) if (cells[4 * k + 2]! > 0) stack[sp++] = k;
        continue;
      }
      const m = cells[base + 2]!;
      const q = 1 / (1 + d2);
      sumQ += m * q;
      const mult = m * q * q;
      fx += mult * dx;
      fy += mult * dy;
    }
    gradient[2 * i] = fx;
    gradient[2 * i + 1] = fy;
  }
  // Attractive forces and the error; the repulsion is normalised by Z here.
  let error = 0;
  const { indptr, indices, values } = p;
  for (let i = 0; i < n; i++) {
    const px = y[2 * i]!;
    const py = y[2 * i + 1]!;
    let fx = 0;
    let fy = 0;
    for (let e = indptr[i]!; e < indptr[i + 1]!; e++) {
      const j = indices[e]!;
      const dx = px - y[2 * j]!;
      const dy = py - y[2 * j + 1]!;
      const q = 1 / (1 + dx * dx + dy * dy);
      const pij = values[e]!;
      if (computeError) error += pij * Math.log(Math.max(pij, FLOAT32_TINY) / Math.max(q / sumQ, FLOAT32_TINY));
      fx += pij * q * dx;
      fy += pij * q * dy;
    }
    gradient[2 * i] = 4 * (fx - gradient[2 * i]! / sumQ);
    gradient[2 * i + 1] = 4 * (fy - gradient[2 * i + 1]! / sumQ);
  }
  return { error: computeError ? error : undefined, gradient };
}
