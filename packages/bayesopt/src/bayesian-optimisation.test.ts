import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoOptions, runBayesOpt } from './bayesian-optimisation.js';
import { summariseBayesOpt } from './bo-summary.js';
import { readBoLog } from './bo-log.js';
import { architectureOf, exactGpFitter, syntheticAccuracy, syntheticEvaluator, syntheticProblem } from './synthetic-problem.test-util.js';

const tiny: BoOptions = { rounds: 3, batchSize: 4, seeds: [1, 2], gridSize: 150, attempts: 6, maxIterations: 30, fit: exactGpFitter };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opnas-bo-loop-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runBayesOpt, latent mode (protocol §7.2)', () => {
  it('runs rounds × batch × seeds, appends the selected points and scores every point', async () => {
    const problem = syntheticProblem();
    const calls: string[][] = [];
    const phases: string[] = [];
    const run = await runBayesOpt(
      { ...problem, evaluator: syntheticEvaluator(calls) },
      { ...tiny, onProgress: (e) => e.type === 'phase' && e.seed === 1 && e.round === 0 && phases.push(e.phase) },
    );
    expect(phases).toEqual(['fit', 'metrics', 'select', 'decode', 'evaluate', 'random']);
    expect(run.rounds.map((r) => `${r.seed}:${r.round}`)).toEqual(['1:0', '1:1', '1:2', '2:0', '2:1', '2:2']);
    const { mean, sd } = run.header.problem.normalisation;
    for (const r of run.rounds) {
      expect(r.bo.points).toHaveLength(4);
      expect(r.random!.points).toHaveLength(4);
      expect(r.metrics.testRmse).toBeGreaterThan(0);
      expect(Math.abs(r.metrics.testPearson!)).toBeLessThanOrEqual(1);
      // the worst current score: max(y) over the training scores and earlier rounds of this seed
      const earlier = run.rounds.filter((o) => o.seed === r.seed && o.round < r.round).flatMap((o) => o.bo.scores);
      const y0 = Array.from(problem.train.accuracy, (a) => (-a - mean) / sd);
      const worst = Math.max(...y0, ...earlier);
      r.bo.points!.forEach((p, i) => {
        const o = r.bo.outcomes[i]!;
        const flat = p[0]! < 0.08 ? null : architectureOf(p);
        expect(r.bo.architectures[i]).toBe(flat);
        if (flat === null) expect(o.status).toBe('undecodable');
        else if (syntheticAccuracy(flat) === undefined) expect(o.status).toBe('unscored');
        else expect(o).toEqual({ status: 'scored', accuracy: syntheticAccuracy(flat) });
        expect(r.bo.scores[i]).toBeCloseTo(o.status === 'scored' ? (-o.accuracy! - mean) / sd : worst, 12);
      });
      // selected points lie in the box of the current data
      for (const p of r.bo.points!) for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
    }
    // nothing is evaluated twice
    const all = calls.flat();
    expect(new Set(all).size).toBe(all.length);
    const summary = summariseBayesOpt(run);
    expect(summary.rounds).toHaveLength(3);
    expect(summary.top.length).toBeGreaterThan(0);
    expect(summary.top[0]!.accuracy).toBe(
      Math.max(...run.rounds.flatMap((r) => [r.bo, r.random!]).flatMap((a) => a.outcomes.flatMap((o) => (o.accuracy === undefined ? [] : [o.accuracy])))),
    );
  });

  it('resumes a stopped run and produces exactly the log of an uninterrupted run', async () => {
    const full = join(dir, 'full.jsonl');
    await runBayesOpt(syntheticProblem(), { ...tiny, logPath: full });
    // "killed" after one round: a run with rounds = 1, then resumed with rounds = 3
    const partial = join(dir, 'partial.jsonl');
    await runBayesOpt(syntheticProblem(), { ...tiny, rounds: 1, logPath: partial });
    expect((await readBoLog(partial))!.rounds).toHaveLength(2);
    let resumed = 0;
    await runBayesOpt(syntheticProblem(), { ...tiny, logPath: partial, onProgress: (e) => e.type === 'round' && e.resumed && resumed++ });
    expect(resumed).toBe(2);
    // killed in the middle of a round (during seed 2's second evaluation), then resumed
    const killed = join(dir, 'killed.jsonl');
    const controller = new AbortController();
    let evaluations = 0;
    const problem = syntheticProblem();
    const inner = syntheticEvaluator();
    const killing = {
      ...problem,
      evaluator: {
        ...inner,
        evaluate: async (flats: readonly string[]) => {
          if (++evaluations === 9) controller.abort(new Error('killed'));
          return inner.evaluate(flats);
        },
      },
    };
    await expect(runBayesOpt(killing, { ...tiny, logPath: killed, signal: controller.signal })).rejects.toThrow(/killed/);
    expect((await readBoLog(killed))!.rounds.length).toBeLessThan(6);
    await runBayesOpt(syntheticProblem(), { ...tiny, logPath: killed });
    const want = await readFile(full, 'utf8');
    expect(await readFile(partial, 'utf8')).toBe(want);
    expect(await readFile(killed, 'utf8')).toBe(want);
  });

  it('refuses to resume a log written with other settings or for another problem', async () => {
    const path = join(dir, 'other.jsonl');
    await runBayesOpt(syntheticProblem(), { ...tiny, rounds: 1, logPath: path });
    await expect(runBayesOpt(syntheticProblem(), { ...tiny, batchSize: 5, logPath: path })).rejects.toThrow(/written with batchSize = 4, this run has 5/);
    await expect(runBayesOpt(syntheticProblem(41), { ...tiny, logPath: path })).rejects.toThrow(/belongs to another problem \(trainCount differs/);
    await writeFile(path, 'not json\n');
    await expect(runBayesOpt(syntheticProblem(), { ...tiny, logPath: path })).rejects.toThrow(/other.jsonl: line 1 is not JSON/);
  });

  it('supports UCB and Thompson sampling, and the firstValid policy', async () => {
    for (const acquisition of ['ucb', 'thompson'] as const) {
      const run = await runBayesOpt(syntheticProblem(), { ...tiny, rounds: 1, seeds: [3], acquisition, randomBaseline: false });
      expect(run.rounds[0]!.bo.points).toHaveLength(4);
      expect(run.rounds[0]!.incumbent).toBeNull();
      expect(run.rounds[0]!.random).toBeNull();
    }
    const run = await runBayesOpt(syntheticProblem(), { ...tiny, rounds: 1, seeds: [3], decodingPolicy: 'firstValid' });
    // with firstValid, attempt order decides: seed·100003 % 3 picks garbage / 7-vertex / the architecture
    expect(run.rounds[0]!.bo.architectures.some((a) => a !== null)).toBe(true);
  });

  it('records an evaluator that throws or answers NaN as failed evaluations and goes on', async () => {
    const problem = syntheticProblem();
    const inner = syntheticEvaluator();
    let calls = 0;
    const flaky = {
      ...inner,
      evaluate: async (flats: readonly string[]) => {
        calls++;
        if (calls === 1) throw new Error('node lost');
        const r = await inner.evaluate(flats);
        return calls === 2 ? r.map((e) => (e.status === 'scored' ? { ...e, accuracy: Number.NaN } : e)) : r;
      },
    };
    const run = await runBayesOpt({ ...problem, evaluator: flaky }, { ...tiny, seeds: [1] });
    const [first, second] = [run.rounds[0]!.bo, run.rounds[0]!.random!];
    const decoded = (arm: typeof first) => arm.outcomes.filter((o) => o.status !== 'undecodable');
    expect(decoded(first).length).toBeGreaterThan(0);
    for (const o of decoded(first)) expect(o).toEqual({ status: 'failed', reason: 'the evaluator threw: node lost' });
    expect(decoded(second).some((o) => o.reason === 'the evaluator returned a non-finite accuracy (NaN)')).toBe(true);
    expect(run.rounds).toHaveLength(3);
    expect(run.rounds[2]!.bo.outcomes.some((o) => o.status === 'scored')).toBe(true);
  });

  it('rejects a latent-mode problem without a decoder', async () => {
    const { decoder: _, ...problem } = syntheticProblem();
    await expect(runBayesOpt(problem, tiny)).rejects.toThrow(/latent mode needs problem.decoder/);
  });
});

describe('runBayesOpt, pool mode', () => {
  it('selects unevaluated pool rows only, never twice, and compares with random search on the same budget', async () => {
    const problem = syntheticProblem(30, 8);
    const run = await runBayesOpt(problem, { ...tiny, mode: 'pool', rounds: 3, batchSize: 5, seeds: [1, 2, 3] });
    for (const seed of [1, 2, 3]) {
      const rs = run.rounds.filter((r) => r.seed === seed);
      const bo = rs.flatMap((r) => r.bo.poolIndices!);
      const random = rs.flatMap((r) => r.random!.poolIndices!);
      expect(new Set(bo).size).toBe(15);
      expect(new Set(random).size).toBe(15);
      const trainFlats = new Set(problem.train.flats);
      for (const i of bo) expect(trainFlats.has(problem.pool.flats[i]!)).toBe(false);
      rs.forEach((r) => r.bo.poolIndices!.forEach((i, k) => expect(r.bo.architectures[k]).toBe(problem.pool.flats[i])));
    }
    // a resumed pool run replays the taken rows of both arms and continues identically
    const full = join(dir, 'pool-full.jsonl');
    const part = join(dir, 'pool-part.jsonl');
    const opts = { ...tiny, mode: 'pool' as const, rounds: 3, batchSize: 5, seeds: [1, 2] };
    await runBayesOpt(syntheticProblem(30, 8), { ...opts, logPath: full });
    await runBayesOpt(syntheticProblem(30, 8), { ...opts, rounds: 1, logPath: part });
    await runBayesOpt(syntheticProblem(30, 8), { ...opts, logPath: part });
    expect(await readFile(part, 'utf8')).toBe(await readFile(full, 'utf8'));
    const summary = summariseBayesOpt(run);
    expect(summary.rounds[2]!.bo.bestSoFar!.count).toBe(3);
    expect(summary.rounds[2]!.random!.bestSoFar!.count).toBe(3);
    // best-so-far is monotone for both arms
    for (const arm of ['bo', 'random'] as const) {
      for (let r = 1; r < 3; r++) expect(summary.rounds[r]![arm]!.bestSoFar!.mean).toBeGreaterThanOrEqual(summary.rounds[r - 1]![arm]!.bestSoFar!.mean);
    }
  });
});

describe('runBayesOpt with the paper SGP (tiny settings)', () => {
  it('fits @opnas/sgp each round through sgpFitter and selects from the pool', async () => {
    const { sgpFitter } = await import('./predictor-fit.js');
    const problem = syntheticProblem(40, 9);
    const run = await runBayesOpt(problem, {
      mode: 'pool',
      rounds: 2,
      batchSize: 3,
      seeds: [1],
      fit: sgpFitter({ inducingPoints: 8, epochs: 3, minibatchSize: 20, threads: 1 }),
    });
    expect(run.rounds).toHaveLength(2);
    expect(run.rounds[1]!.metrics.trainRmse).toBeGreaterThan(0);
    expect(new Set(run.rounds.flatMap((r) => r.bo.poolIndices!)).size).toBe(6);
  });
});
