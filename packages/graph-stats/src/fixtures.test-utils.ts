// Small graphs with hand-computed statistics, shared by the tests.
import { dagFromEdges, type Dag } from '@opnas/dag';

const ops = (n: number) => new Array<number>(n).fill(2);

/** protocol §1.3's example: types [0,3,2,7,6,2,2,1] and its 14 edges (APL 1.7143, T 0.6). */
export const specExample: Dag = dagFromEdges(
  [0, 3, 2, 7, 6, 2, 2, 1],
  [
    [0, 1],
    [0, 3],
    [0, 4],
    [0, 5],
    [1, 2],
    [1, 3],
    [1, 4],
    [2, 3],
    [2, 4],
    [2, 6],
    [3, 4],
    [4, 5],
    [5, 6],
    [6, 7],
  ],
);
/** 0 → 1 → 2. */
export const chain3: Dag = dagFromEdges(ops(3), [
  [0, 1],
  [1, 2],
]);
/** 0 → 1 → 2 and 0 → 2. */
export const triangle: Dag = dagFromEdges(ops(3), [
  [0, 1],
  [1, 2],
  [0, 2],
]);
/** 0 → 1, 0 → 2, 0 → 3. */
export const star: Dag = dagFromEdges(ops(4), [
  [0, 1],
  [0, 2],
  [0, 3],
]);
/** Triangle 0, 1, 2 with a tail 2 → 3. */
export const triangleWithTail: Dag = dagFromEdges(ops(4), [
  [0, 1],
  [1, 2],
  [0, 2],
  [2, 3],
]);
/** 0 → 1 and 2 → 3: no connected triple, disconnected. */
export const twoEdges: Dag = dagFromEdges(ops(4), [
  [0, 1],
  [2, 3],
]);
/** One vertex, no edge. */
export const single: Dag = dagFromEdges(ops(1), []);
