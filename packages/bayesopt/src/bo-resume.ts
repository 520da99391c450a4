import type { BoLogHeader, BoProblemFingerprint, BoRoundRecord, BoSettings } from './bo-log.js';
import { readBoLog } from './bo-log.js';
import type { BoProblem } from './bayesian-optimisation.js';
import type { CachedEvaluator } from './cached-evaluator.js';
import { BayesOptLogError } from './errors.js';
import type { Evaluation } from './evaluator.js';

function fnv1a(parts: Iterable<ArrayLike<number> | readonly string[]>): string {
  let h = 0x811c9dc5;
  const eat = (byte: number) => {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  const buf = new Float64Array(1);
  const bytes = new Uint8Array(buf.buffer);
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const v = part[i]!;
      if (typeof v === 'string') for (let k = 0; k < v.length; k++) eat(v.charCodeAt(k) & 0xff);
      else {
        buf[0] = v;
        for (const b of bytes) eat(b);
      }
    }
  }
  return h.toString(16).padStart(8, '0');
}

/** What identifies the problem in the log header: sizes, a checksum of the data, the normalisation and the evaluator. */
export function problemFingerprint(
  problem: BoProblem,
  pool: BoProblem['pool'],
  normalisation: BoProblemFingerprint['normalisation'],
  evaluator: CachedEvaluator,
): BoProblemFingerprint {
  return {
    dim: problem.train.x.cols,
    trainCount: problem.train.x.rows,
    testCount: problem.test?.x.rows ?? 0,
    poolCount: pool?.x.rows ?? 0,
    checksum: fnv1a([problem.train.x.data, problem.train.accuracy, ...(pool ? [pool.x.data, pool.flats] : [])]),
    normalisation,
    evaluator: { kind: evaluator.kind, label: evaluator.label, surrogate: evaluator.surrogate },
  };
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The rounds an existing log at `logPath` already holds, keyed `seed:round`, after checking that
 * it was written for the same problem and settings (the number of rounds may grow). Empty when
 * there is no log yet.
 */
export async function loggedRounds(logPath: string | undefined, header: BoLogHeader): Promise<Map<string, BoRoundRecord>> {
  const done = new Map<string, BoRoundRecord>();
  if (!logPath) return done;
  const previous = await readBoLog(logPath);
  if (!previous) return done;
  const where = `@opnas/bayesopt: ${logPath}`;
  const { settings, problem: fingerprint } = header;
  // both logs' keys: a setting written only when on (warmStart) must match too
  for (const key of new Set([...Object.keys(settings), ...Object.keys(previous.header.settings)]) as Set<keyof BoSettings>) {
    if (key === 'rounds') continue;
    if (!sameJson(previous.header.settings[key], settings[key])) {
      throw new BayesOptLogError(`${where}: the log was written with ${key} = ${JSON.stringify(previous.header.settings[key])}, this run has ${JSON.stringify(settings[key])}`);
    }
  }
  for (const key of Object.keys(fingerprint) as (keyof BoProblemFingerprint)[]) {
    if (!sameJson(previous.header.problem[key], fingerprint[key])) {
      throw new BayesOptLogError(
        `${where}: the log belongs to another problem (${key} differs: ${JSON.stringify(previous.header.problem[key])} vs ${JSON.stringify(fingerprint[key])})`,
      );
    }
  }
  for (const r of previous.rounds) if (r.round < settings.rounds) done.set(`${r.seed}:${r.round}`, r);
  return done;
}

/** Primes the evaluation cache with everything the logged rounds evaluated, so a resumed run never re-evaluates. */
export function primeCache(evaluator: CachedEvaluator, rounds: Iterable<BoRoundRecord>): void {
  for (const r of rounds) {
    for (const arm of [r.bo, r.random]) {
      arm?.architectures.forEach((flat, i) => {
        const o = arm.outcomes[i]!;
        if (flat === null || o.status === 'undecodable' || evaluator.peek(flat)) return;
        const e: Evaluation =
          o.status === 'scored'
            ? { flat, status: 'scored', accuracy: o.accuracy!, source: evaluator.kind }
            : { flat, status: o.status, reason: o.reason ?? '', source: evaluator.kind };
        evaluator.remember(e);
      });
    }
  }
}
