import { dagFromEdges } from '@opnas/dag';
import { describe, expect, it } from 'vitest';
import { planTeacherForcing } from './teacher-forcing-plan.js';

describe('planTeacherForcing', () => {
  it('lays out the states each edge decision needs (worked example)', () => {
    // 0 → 1, 0 → 2, 1 → 2; types START, conv3 (2), END (1).
    const g = dagFromEdges(
      [0, 2, 1],
      [
        [0, 1],
        [0, 2],
        [1, 2],
      ],
    );
    const plan = planTeacherForcing([g], { startType: 0, typeCount: 8 });
    // Rows: 0 = START; 1 = vertex 1 after edge 0→1 (final); 2 = vertex 2 after 1→2 and 0→2
    // (final); 3 = vertex 2 after 1→2 only.
    expect(plan.steps.map((s) => s.rows)).toEqual([1, 1, 2]);
    expect(Array.from(plan.rowTypes)).toEqual([0, 2, 1, 1]);
    // Messages stacked: vertex 0, vertex 1. Row 2 sums both, row 3 only vertex 1's.
    expect(Array.from(plan.steps[2]!.select!)).toEqual([1, 1, 0, 1]);
    expect(Array.from(plan.steps[1]!.select!)).toEqual([1]);
    expect(plan.steps.map((s) => s.senders)).toEqual([1, 1, 0]);
    expect(Array.from(plan.finalRows)).toEqual([0, 1]);
    // Decisions in the reference's order: (t=1, i=0), (t=2, i=1), (t=2, i=0).
    expect(Array.from(plan.sourceRows)).toEqual([0, 1, 0]);
    expect(Array.from(plan.truth)).toEqual([1, 1, 1]);
    // Before any edge the state is the type's: entries 1 + type; (2, 0) uses row 3 (used[0]).
    expect(Array.from(plan.usedRows)).toEqual([3]);
    expect(Array.from(plan.targetRows)).toEqual([1 + 2, 1 + 1, 0]);
    expect(Array.from(plan.typeTargets)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('gives a vertex without predecessors no hidden input', () => {
    const g = dagFromEdges([0, 3, 1], [[1, 2]]);
    const plan = planTeacherForcing([g], { startType: 0, typeCount: 8 });
    expect(plan.steps[1]!.select).toBeNull();
    expect(Array.from(plan.truth)).toEqual([0, 1, 0]);
  });
});
