import type { Dag } from '@opnas/dag';
import type { RecurrenceStep } from '@opnas/encoders';

/** Where every quantity of the teacher-forced likelihood comes from (see {@link planTeacherForcing}). */
export interface TeacherForcingPlan {
  /** Recurrence steps: step 0 is START, step t updates vertex t. */
  readonly steps: readonly RecurrenceStep[];
  /** Type of the vertex of every recurrence row, in row order. */
  readonly rowTypes: Int32Array;
  /** Rows of the final states of vertices 0..n−2, vertex-major (`t·B + b`). */
  readonly finalRows: Int32Array;
  /** Recurrence rows of the intermediate or final states some edge decision uses. */
  readonly usedRows: Int32Array;
  /** Per edge decision `(t, i, b)`: row of the source's final state in `finalRows` order. */
  readonly sourceRows: Int32Array;
  /**
   * Per edge decision: row of the target state among `[usedRows ; one state per type]` — the
   * state of t before any edge depends on its type only.
   */
  readonly targetRows: Int32Array;
  /** Per edge decision: 1 if `i → t` is an edge of graph b. */
  readonly truth: Float32Array;
  /** One-hot true types of vertices 1..n−1, `(n−1)·B × typeCount`, row `(t−1)·B + b`. */
  readonly typeTargets: Float32Array;
}

/**
 * Plans the teacher-forced likelihood of protocol §3.1 for a batch of graphs with the same vertex
 * count n. The reference scores candidate `i → t` (i = t−1 down to 0) with the state of t after
 * the true edges from `t−1..i+1`, recomputed from scratch; those predecessor sets are known in
 * advance, so the states of t are: the final one (all true predecessors; row b of step t), the
 * intermediate ones after its k closest true edges (1 ≤ k < m; further rows), and the one with
 * no edge (type-only). Each row's hidden input is the sum of the messages of its predecessors
 * so far: `select` picks them among the messages of vertices 0..t−1 (stacked `u·B + b`).
 */
export function planTeacherForcing(graphs: readonly Dag[], options: { readonly startType: number; readonly typeCount: number }): TeacherForcingPlan {
  const b = graphs.length;
  const n = graphs[0]!.types.length;
  const steps: RecurrenceStep[] = [{ rows: b, select: null, senders: b, senderIndex: 0 }];
  const rowTypes: number[] = new Array<number>(b).fill(options.startType);
  const finalRows: number[] = Array.from({ length: b }, (_, i) => i);
  // stateRow[t][g][k]: recurrence row of vertex t's state in graph g after k true edges (k ≥ 1).
  const stateRow: number[][][] = [];
  let totalRows = b;
  for (let t = 1; t < n; t++) {
    const preds = graphs.map((g) => {
      const list: number[] = [];
      for (let u = t - 1; u >= 0; u--) if ((g.inMasks[t]! >>> u) & 1) list.push(u);
      return list;
    });
    const rows = b + preds.reduce((s, list) => s + Math.max(0, list.length - 1), 0);
    const select = new Float32Array(rows * t * b);
    let anyHidden = false;
    const rowsOfT: number[][] = graphs.map(() => []);
    const typesOfRows = new Array<number>(rows);
    let next = b;
    graphs.forEach((g, i) => {
      const list = preds[i]!;
      typesOfRows[i] = g.types[t]!;
      for (let k = 1; k <= list.length; k++) {
        const row = k === list.length ? i : next++;
        typesOfRows[row] = g.types[t]!;
        rowsOfT[i]![k] = totalRows + row;
        for (let j = 0; j < k; j++) select[row * t * b + list[j]! * b + i] = 1;
        anyHidden = true;
      }
    });
    rowTypes.push(...typesOfRows);
    if (t < n - 1) for (let i = 0; i < b; i++) finalRows.push(totalRows + i);
    steps.push({ rows, select: anyHidden ? select : null, senders: t < n - 1 ? b : 0, senderIndex: t });
    stateRow[t] = rowsOfT;
    totalRows += rows;
  }
  const used = new Map<number, number>();
  const sourceRows: number[] = [];
  const targetRows: number[] = [];
  const typeStateDecisions: number[] = [];
  const truth: number[] = [];
  for (let t = 1; t < n; t++) {
    for (let i = t - 1; i >= 0; i--) {
      graphs.forEach((g, gi) => {
        let k = 0;
        for (let u = t - 1; u > i; u--) if ((g.inMasks[t]! >>> u) & 1) k++;
        sourceRows.push(i * b + gi);
        truth.push((g.inMasks[t]! >>> i) & 1);
        if (k === 0) {
          typeStateDecisions.push(targetRows.length);
          targetRows.push(g.types[t]!);
          return;
        }
        const row = stateRow[t]![gi]![k]!;
        let compact = used.get(row);
        if (compact === undefined) {
          compact = used.size;
          used.set(row, compact);
        }
        targetRows.push(compact);
      });
    }
  }
  // The per-type states come after the used rows.
  for (const d of typeStateDecisions) targetRows[d]! += used.size;
  const usedRows = new Int32Array(used.size);
  for (const [row, compact] of used) usedRows[compact] = row;
  const typeTargets = new Float32Array((n - 1) * b * options.typeCount);
  for (let t = 1; t < n; t++) graphs.forEach((g, i) => (typeTargets[((t - 1) * b + i) * options.typeCount + g.types[t]!] = 1));
  return {
    steps,
    rowTypes: Int32Array.from(rowTypes),
    finalRows: Int32Array.from(finalRows),
    usedRows,
    sourceRows: Int32Array.from(sourceRows),
    targetRows: Int32Array.from(targetRows),
    truth: Float32Array.from(truth),
    typeTargets,
  };
}
