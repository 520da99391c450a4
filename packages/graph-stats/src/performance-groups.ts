import { GraphStatsError } from './errors.js';

/** Options of {@link performanceGroups}. Defaults are the authors' (protocol §8). */
export interface PerformanceGroupsOptions {
  /** Label of the first group and base of every threshold (default 0.70). */
  readonly start?: number;
  /** Threshold step, accumulated in floating point as the reference code does (default 0.01). */
  readonly step?: number;
}

/** One group of the violin plots (Figs. 7–8). */
export interface PerformanceGroup {
  /** The group's label with floating-point noise removed (0.7, 0.71, …; 12 significant digits). */
  readonly label: number;
  /** The label as the reference code computes it, before rounding (`start + accumulated offset`). */
  readonly rawLabel: number;
  /** Indices into the input accuracies, in ascending-accuracy order. */
  readonly members: readonly number[];
}

function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * The six performance groups of the paper's violin plots (protocol §8): walk the graphs in
 * ascending accuracy (stable for ties), append each to the current group, and when the appended
 * graph's accuracy exceeds `start + δ` close the group — that graph belongs to the group it
 * closes — and open a new one labelled `start + δ`, then `δ += step`. At most one group closes
 * per graph. The offset accumulates in floating point, so thresholds are 0.71, 0.72,
 * 0.73 (0.7300000000000001 after three steps), … exactly as in the reference.
 */
export function performanceGroups(accuracies: ArrayLike<number>, options: PerformanceGroupsOptions = {}): PerformanceGroup[] {
  const start = options.start ?? 0.7;
  const step = options.step ?? 0.01;
  if (!Number.isFinite(start)) throw new GraphStatsError(`@opnas/graph-stats: performanceGroups: options.start must be finite, got ${start}`);
  if (!(step > 0)) throw new GraphStatsError(`@opnas/graph-stats: performanceGroups: options.step must be positive, got ${step}`);
  for (let i = 0; i < accuracies.length; i++) {
    if (!Number.isFinite(accuracies[i]!)) {
      throw new GraphStatsError(`@opnas/graph-stats: performanceGroups: accuracies[${i}] is ${accuracies[i]}, not a finite number`);
    }
  }
  const order = Array.from({ length: accuracies.length }, (_, i) => i).sort((a, b) => accuracies[a]! - accuracies[b]!);
  const groups: PerformanceGroup[] = [];
  let offset = step;
  let rawLabel = start;
  let members: number[] = [];
  for (const i of order) {
    members.push(i);
    if (accuracies[i]! > start + offset) {
      groups.push({ label: tidy(rawLabel), rawLabel, members });
      rawLabel = start + offset;
      offset += step;
      members = [];
    }
  }
  if (members.length > 0) groups.push({ label: tidy(rawLabel), rawLabel, members });
  return groups;
}
