import type { BoArmRecord, BoLogHeader, BoRoundRecord } from './bo-log.js';

/** Mean and population sd over seeds (the reference's summary uses numpy's default ddof = 0). */
export interface MeanSd {
  readonly mean: number;
  readonly sd: number;
  /** Seeds that contributed (rounds with no scored point are left out). */
  readonly count: number;
}

/** One round of one arm, aggregated over seeds. */
export interface ArmRoundSummary {
  readonly meanAccuracy: MeanSd | null;
  readonly maxAccuracy: MeanSd | null;
  /** Best accuracy found so far by this arm (per seed, then averaged). */
  readonly bestSoFar: MeanSd | null;
  /** Fraction of the batch that got a score. */
  readonly scoredFraction: number;
}

export interface RoundSummary {
  readonly round: number;
  readonly testRmse: MeanSd | null;
  readonly testPearson: MeanSd | null;
  readonly bo: ArmRoundSummary;
  readonly random: ArmRoundSummary | null;
}

/** A distinct architecture found, with its score. */
export interface TopArchitecture {
  readonly architecture: string;
  readonly accuracy: number;
  /** Where it was first found. */
  readonly seed: number;
  readonly round: number;
  readonly arm: 'bo' | 'random';
  /** Times it was selected over all seeds, rounds and arms. */
  readonly count: number;
}

/** What protocol §7.7 reports: per-round batch statistics, best-so-far, test metrics, top-k. */
export interface BoSummary {
  /** What the accuracies are (the evaluator's label; surrogate scores say so). */
  readonly scoreLabel: string;
  readonly surrogate: boolean;
  readonly rounds: RoundSummary[];
  readonly top: TopArchitecture[];
}

function meanSd(values: number[]): MeanSd | null {
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, sd, count: values.length };
}

function armSummary(arms: BoArmRecord[]): ArmRoundSummary {
  const total = arms.reduce((s, a) => s + a.architectures.length, 0);
  return {
    meanAccuracy: meanSd(arms.flatMap((a) => (a.batch.meanAccuracy === null ? [] : [a.batch.meanAccuracy]))),
    maxAccuracy: meanSd(arms.flatMap((a) => (a.batch.maxAccuracy === null ? [] : [a.batch.maxAccuracy]))),
    bestSoFar: meanSd(arms.flatMap((a) => (a.best === null ? [] : [a.best.accuracy]))),
    scoredFraction: total ? arms.reduce((s, a) => s + a.batch.scored, 0) / total : 0,
  };
}

/** Summarise a run (protocol §7.7) with the top-k distinct architectures (default 15). */
export function summariseBayesOpt(run: { readonly header: BoLogHeader; readonly rounds: readonly BoRoundRecord[] }, options: { readonly top?: number } = {}): BoSummary {
  const byRound = new Map<number, BoRoundRecord[]>();
  for (const r of run.rounds) byRound.set(r.round, [...(byRound.get(r.round) ?? []), r]);
  const rounds = [...byRound.keys()]
    .sort((a, b) => a - b)
    .map((round): RoundSummary => {
      const rs = byRound.get(round)!;
      const randoms = rs.flatMap((r) => (r.random ? [r.random] : []));
      return {
        round,
        testRmse: meanSd(rs.flatMap((r) => (r.metrics.testRmse === null ? [] : [r.metrics.testRmse]))),
        testPearson: meanSd(rs.flatMap((r) => (r.metrics.testPearson === null ? [] : [r.metrics.testPearson]))),
        bo: armSummary(rs.map((r) => r.bo)),
        random: randoms.length ? armSummary(randoms) : null,
      };
    });
  const found = new Map<string, TopArchitecture>();
  for (const r of run.rounds) {
    for (const [arm, record] of [
      ['bo', r.bo],
      ['random', r.random],
    ] as const) {
      record?.architectures.forEach((flat, i) => {
        const o = record.outcomes[i]!;
        if (flat === null || o.status !== 'scored') return;
        const seen = found.get(flat);
        found.set(flat, seen ? { ...seen, count: seen.count + 1 } : { architecture: flat, accuracy: o.accuracy!, seed: r.seed, round: r.round, arm, count: 1 });
      });
    }
  }
  const top = [...found.values()].sort((a, b) => b.accuracy - a.accuracy || a.architecture.localeCompare(b.architecture)).slice(0, options.top ?? 15);
  const evaluator = run.header.problem.evaluator;
  return { scoreLabel: evaluator.label, surrogate: evaluator.surrogate, rounds, top };
}
