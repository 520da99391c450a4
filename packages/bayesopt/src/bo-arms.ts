import type { SearchSpace } from '@opnas/dag';
import type { PythonRandom } from '@opnas/rng';
import type { BoArmRecord, BoPointOutcome, BoSettings } from './bo-log.js';
import type { CachedEvaluator } from './cached-evaluator.js';
import { type LatentDecoder, decodeLatentPoints } from './latent-decoding.js';
import type { SearchBox } from './search-box.js';

/** What scoring an arm's batch needs from the run. */
export interface ArmContext {
  readonly evaluator: CachedEvaluator;
  /** Accuracy → the standardised negated score the GP fits (protocol §1.7). */
  readonly score: (accuracy: number) => number;
  readonly signal?: AbortSignal;
}

/**
 * Evaluates an arm's architectures (null = undecodable) and records the outcomes; a point that
 * was not scored gets `worst`, the worst current score, as the reference does.
 */
export async function scoreArm(
  architectures: (string | null)[],
  c: ArmContext,
  worst: number,
  bestSoFar: BoArmRecord['best'],
): Promise<Omit<BoArmRecord, 'points' | 'poolIndices'>> {
  const decoded = architectures.filter((a): a is string => a !== null);
  const evaluations = decoded.length ? await c.evaluator.evaluate(decoded, c.signal === undefined ? {} : { signal: c.signal }) : [];
  let k = 0;
  const outcomes: BoPointOutcome[] = architectures.map((a) => {
    if (a === null) return { status: 'undecodable' };
    const e = evaluations[k++]!;
    return e.status === 'scored' ? { status: 'scored', accuracy: e.accuracy } : { status: e.status, reason: e.reason };
  });
  const scores = outcomes.map((o) => (o.status === 'scored' ? c.score(o.accuracy!) : worst));
  const accuracies = outcomes.flatMap((o) => (o.status === 'scored' ? [o.accuracy!] : []));
  let best = bestSoFar;
  outcomes.forEach((o, i) => {
    if (o.status === 'scored' && (best === null || o.accuracy! > best.accuracy)) best = { architecture: architectures[i]!, accuracy: o.accuracy! };
  });
  return {
    architectures,
    outcomes,
    scores,
    batch: {
      scored: accuracies.length,
      meanAccuracy: accuracies.length ? accuracies.reduce((a, b) => a + b, 0) / accuracies.length : null,
      maxAccuracy: accuracies.length ? Math.max(...accuracies) : null,
    },
    best,
  };
}

/** Pool mode's random arm: q not-yet-drawn pool rows, uniformly (a partial Fisher–Yates shuffle), marked as taken. */
export async function randomPoolArm(
  pool: { readonly flats: readonly string[] },
  taken: Uint8Array,
  q: number,
  rng: PythonRandom,
  c: ArmContext,
  worst: number,
  bestSoFar: BoArmRecord['best'],
): Promise<BoArmRecord> {
  const available: number[] = [];
  taken.forEach((v, i) => {
    if (!v) available.push(i);
  });
  const picks: number[] = [];
  for (let k = 0; k < Math.min(q, available.length); k++) {
    const j = k + rng.randbelow(available.length - k);
    [available[k], available[j]] = [available[j]!, available[k]!];
    picks.push(available[k]!);
    taken[available[k]!] = 1;
  }
  const arm = await scoreArm(
    picks.map((i) => pool.flats[i]!),
    c,
    worst,
    bestSoFar,
  );
  return { poolIndices: picks, ...arm };
}

/** Latent mode's random arm (protocol §7.6): q points uniformly in the box, decoded and scored like BO's. */
export async function randomLatentArm(
  decoder: LatentDecoder,
  box: SearchBox,
  s: Pick<BoSettings, 'batchSize' | 'attempts' | 'decodingPolicy'>,
  rng: PythonRandom,
  decodeSeed: number,
  c: ArmContext,
  worst: number,
  bestSoFar: BoArmRecord['best'],
  space?: SearchSpace,
): Promise<BoArmRecord> {
  const dim = box.lower.length;
  const drawn = Array.from({ length: s.batchSize }, () => Float64Array.from({ length: dim }, (_, d) => box.lower[d]! + rng.random() * (box.upper[d]! - box.lower[d]!)));
  const flats = await decodeLatentPoints(decoder, drawn, { attempts: s.attempts, policy: s.decodingPolicy, seed: decodeSeed, ...(space === undefined ? {} : { space }) });
  const arm = await scoreArm(flats, c, worst, bestSoFar);
  return { points: drawn.map((p) => Array.from(p)), ...arm };
}
