import type { Dag } from '@opnas/dag';
import { averagePathLength } from './average-path-length.js';
import { type CorrelationResult, kendallTauB, pearson, spearman } from '@opnas/metrics';
import { type PerformanceGroup, performanceGroups } from './performance-groups.js';
import { transitivity } from './transitivity.js';

/** An architecture with its accuracy; `index` (the dataset index) fixes the order of ties. */
export interface LabelledGraph {
  readonly dag: Dag;
  readonly accuracy: number;
  readonly index?: number;
}

/** The two statistics the paper correlates with accuracy. */
export interface StatisticPair<T> {
  readonly apl: T;
  readonly transitivity: T;
}

/** Summary of one performance group. */
export interface GroupSummary {
  readonly label: number;
  readonly size: number;
  readonly meanApl: number;
  readonly meanTransitivity: number;
}

/** protocol §8's analysis of a population of labelled graphs. */
export interface AccuracyAnalysis {
  /** The graphs in analysis order (dataset order when indices are given). */
  readonly graphs: readonly LabelledGraph[];
  /** Per-graph average path length (igraph convention), in analysis order. */
  readonly apl: readonly number[];
  /** Per-graph transitivity, in analysis order. */
  readonly transitivity: readonly number[];
  /** Per-graph accuracy, in analysis order. */
  readonly accuracy: readonly number[];
  readonly pearson: StatisticPair<CorrelationResult>;
  readonly spearman: StatisticPair<CorrelationResult>;
  readonly kendall: StatisticPair<CorrelationResult>;
  /** Performance groups; `members` index the arrays above. */
  readonly groups: readonly PerformanceGroup[];
  readonly groupSummaries: readonly GroupSummary[];
}

/**
 * The paper's structural analysis (protocol §8): average path length and transitivity of every graph,
 * their Pearson / Spearman / Kendall τ-b correlations with accuracy, and the six performance
 * groups. Graphs with an `index` are put in dataset order first, so which of several tied graphs
 * closes a group does not depend on how the split was shuffled.
 */
export function accuracyAnalysis(graphs: readonly LabelledGraph[]): AccuracyAnalysis {
  const ordered = graphs.every((g) => g.index !== undefined) ? [...graphs].sort((a, b) => a.index! - b.index!) : [...graphs];
  const apl = ordered.map((g) => averagePathLength(g.dag));
  const t = ordered.map((g) => transitivity(g.dag));
  const accuracy = ordered.map((g) => g.accuracy);
  const both = (f: (x: ArrayLike<number>, y: ArrayLike<number>) => CorrelationResult) => ({ apl: f(apl, accuracy), transitivity: f(t, accuracy) });
  const groups = performanceGroups(accuracy);
  const mean = (values: readonly number[], members: readonly number[]) => members.reduce((sum, i) => sum + values[i]!, 0) / members.length;
  return {
    graphs: ordered,
    apl,
    transitivity: t,
    accuracy,
    pearson: both(pearson),
    spearman: both(spearman),
    kendall: both(kendallTauB),
    groups,
    groupSummaries: groups.map((g) => ({ label: g.label, size: g.members.length, meanApl: mean(apl, g.members), meanTransitivity: mean(t, g.members) })),
  };
}
