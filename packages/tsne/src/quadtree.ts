/** Coordinates closer than this in both axes are one point to the tree (scikit-learn's EPSILON). */
const DUPLICATE = 1e-6;
/** Subdivision stops here; deeper cells would be narrower than float resolution anyway. */
const MAX_DEPTH = 60;

/**
 * A point-region quadtree over 2-D points with each cell's point count and centre of mass:
 * the Barnes–Hut summary structure. Cells are squares; children of cell `c` are
 * `firstChild[c] … firstChild[c] + 3` (−1 for a leaf). Stored in flat typed arrays so that a
 * traversal touches no objects.
 */
export class QuadTree {
  size = 0;
  centreX: Float64Array;
  centreY: Float64Array;
  halfWidth: Float64Array;
  mass: Float64Array;
  massX: Float64Array;
  massY: Float64Array;
  firstChild: Int32Array;
  /** A leaf's first point (−1 if empty); further points of the same leaf follow through {@link next}. */
  point: Int32Array;
  /** Next point in the same leaf (coincident points), −1 at the end. */
  readonly next: Int32Array;
  readonly pointCount: number;

  /** Build the tree of `count` points stored as `y[2i], y[2i+1]`. */
  constructor(y: Float64Array, count: number) {
    const capacity = Math.max(16, 4 * count + 1);
    this.centreX = new Float64Array(capacity);
    this.centreY = new Float64Array(capacity);
    this.halfWidth = new Float64Array(capacity);
    this.mass = new Float64Array(capacity);
    this.massX = new Float64Array(capacity);
    this.massY = new Float64Array(capacity);
    this.firstChild = new Int32Array(capacity);
    this.point = new Int32Array(capacity);
    this.next = new Int32Array(count).fill(-1);
    this.pointCount = count;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < count; i++) {
      const px = y[2 * i]!;
      const py = y[2 * i + 1]!;
      if (px < minX) minX = px;
      if (px > maxX) maxX = px;
      if (py < minY) minY = py;
      if (py > maxY) maxY = py;
    }
    const half = Math.max(maxX - minX, maxY - minY, 1e-12) / 2;
    this.addCell((minX + maxX) / 2, (minY + maxY) / 2, half * (1 + 1e-9) + 1e-12);
    for (let i = 0; i < count; i++) this.insert(y, i);
    // Sums to centres of mass.
    for (let c = 0; c < this.size; c++) {
      const m = this.mass[c]!;
      if (m > 0) {
        this.massX[c]! /= m;
        this.massY[c]! /= m;
      }
    }
  }

  /** Point indices in depth-first order of the leaves (duplicates adjacent), each point once. */
  leafOrder(): Int32Array {
    const order = new Int32Array(this.pointCount);
    const stack = [0];
    let k = 0;
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (this.mass[c] === 0) continue;
      const first = this.firstChild[c]!;
      if (first === -1) {
        for (const i of this.members(c)) order[k++] = i;
      } else stack.push(first + 3, first + 2, first + 1, first);
    }
    return order;
  }

  /** The points of leaf `c`. */
  members(c: number): number[] {
    const out: number[] = [];
    for (let i = this.point[c]!; i !== -1; i = this.next[i]!) out.push(i);
    return out;
  }

  private addCell(cx: number, cy: number, hw: number): number {
    if (this.size === this.centreX.length) this.grow();
    const c = this.size++;
    this.centreX[c] = cx;
    this.centreY[c] = cy;
    this.halfWidth[c] = hw;
    this.mass[c] = 0;
    this.massX[c] = 0;
    this.massY[c] = 0;
    this.firstChild[c] = -1;
    this.point[c] = -1;
    return c;
  }

  private grow(): void {
    const n = this.centreX.length * 2;
    const f = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const g = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.centreX = f(this.centreX);
    this.centreY = f(this.centreY);
    this.halfWidth = f(this.halfWidth);
    this.mass = f(this.mass);
    this.massX = f(this.massX);
    this.massY = f(this.massY);
    this.firstChild = g(this.firstChild);
    this.point = g(this.point);
  }

  private childFor(c: number, px: number, py: number): number {
    return this.firstChild[c]! + (px >= this.centreX[c]! ? 1 : 0) + (py >= this.centreY[c]! ? 2 : 0);
  }

  private insert(y: Float64Array, i: number): void {
    const px = y[2 * i]!;
    const py = y[2 * i + 1]!;
    let c = 0;
    for (let depth = 0; ; depth++) {
      const before = this.mass[c]!;
      this.mass[c] = before + 1;
      this.massX[c]! += px;
      this.massY[c]! += py;
      if (this.firstChild[c] !== -1) {
        c = this.childFor(c, px, py);
        continue;
      }
      if (before === 0) {
        this.point[c] = i;
        return;
      }
      const q = this.point[c]!;
      const qx = y[2 * q]!;
      const qy = y[2 * q + 1]!;
      if ((Math.abs(px - qx) <= DUPLICATE && Math.abs(py - qy) <= DUPLICATE) || depth >= MAX_DEPTH) {
        this.next[i] = q;
        this.point[c] = i;
        return;
      }
      // Split the leaf: its `before` points all sit at q (a duplicate chain); move them to one child.
      const hw = this.halfWidth[c]! / 2;
      const cx = this.centreX[c]!;
      const cy = this.centreY[c]!;
      const first = this.addCell(cx - hw, cy - hw, hw);
      this.addCell(cx + hw, cy - hw, hw);
      this.addCell(cx - hw, cy + hw, hw);
      this.addCell(cx + hw, cy + hw, hw);
      this.firstChild[c] = first;
      this.point[c] = -1;
      const qc = this.childFor(c, qx, qy);
      this.mass[qc] = before;
      this.massX[qc] = before * qx;
      this.massY[qc] = before * qy;
      this.point[qc] = q;
      c = this.childFor(c, px, py);
    }
  }
}
