import { mkdtemp, readFile, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoOptions, runBayesOpt } from './bayesian-optimisation.js';
import { BayesOptLogError } from './errors.js';
import { type FitContext, type FitPredictor, sgpFitter } from './predictor-fit.js';
import { exactGpFitter, syntheticEvaluator, syntheticProblem } from './synthetic-problem.test-util.js';

/** The exact-GP fitter, recording each fit's context and returning parameters unique to (seed, round). */
function recordingFitter(seen: FitContext[]): FitPredictor {
  return async (x, y, context) => {
    seen.push(context);
    const fitted = await exactGpFitter(x, y, context);
    return { ...fitted, parameters: Float64Array.from([context.seed, context.round, Math.PI * (context.seed + 10 * context.round)]) };
  };
}

const tiny: BoOptions = { rounds: 3, batchSize: 3, seeds: [1, 2], gridSize: 100, attempts: 4, maxIterations: 20 };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opnas-bo-warm-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runBayesOpt warmStart', () => {
  it('off (the default, the reference): every fit starts cold, and the header has no warmStart key', async () => {
    const seen: FitContext[] = [];
    const run = await runBayesOpt({ ...syntheticProblem(), evaluator: syntheticEvaluator() }, { ...tiny, fit: recordingFitter(seen) });
    expect(seen).toHaveLength(6);
    for (const c of seen) expect(c.warmStart).toBeUndefined();
    expect('warmStart' in run.header.settings).toBe(false);
  });

  it("on: each round's fit gets the previous round's parameters of the same seed; the first round of a seed starts cold", async () => {
    const seen: FitContext[] = [];
    const run = await runBayesOpt({ ...syntheticProblem(), evaluator: syntheticEvaluator() }, { ...tiny, warmStart: true, fit: recordingFitter(seen) });
    expect(run.header.settings.warmStart).toBe(true);
    expect(seen.map((c) => [c.seed, c.round, c.warmStart === undefined ? null : Array.from(c.warmStart)])).toEqual([
      [1, 0, null],
      [1, 1, [1, 0, Math.PI]],
      [1, 2, [1, 1, Math.PI * 11]],
      [2, 0, null],
      [2, 1, [2, 0, Math.PI * 2]],
      [2, 2, [2, 1, Math.PI * 12]],
    ]);
  });

  it('resumes exactly: the last parameters are kept beside the log; a missing file is a BayesOptLogError', async () => {
    const straightPath = join(dir, 'straight.jsonl');
    await runBayesOpt({ ...syntheticProblem(), evaluator: syntheticEvaluator() }, { ...tiny, warmStart: true, fit: recordingFitter([]), logPath: straightPath });
    const logPath = join(dir, 'resumed.jsonl');
    await runBayesOpt({ ...syntheticProblem(), evaluator: syntheticEvaluator() }, { ...tiny, rounds: 2, warmStart: true, fit: recordingFitter([]), logPath });
    const seen: FitContext[] = [];
    await runBayesOpt({ ...syntheticProblem(), evaluator: syntheticEvaluator() }, { ...tiny, warmStart: true, fit: recordingFitter(seen), logPath });
    // only the third rounds ran, each warm-started from its seed's second round (read from disk)
    expect(seen.map((c) => [c.seed, c.round, Array.from(c.warmStart!)])).toEqual([
      [1, 2, [1, 1, Math.PI * 11]],
      [2, 2, [2, 1, Math.PI * 12]],
    ]);
    expect(await readFile(logPath, 'utf8')).toBe(await readFile(straightPath, 'utf8'));
    // a cold run does not resume a warm log, nor the other way round
    await expect(runBayesOpt({ ...syntheticProblem(), evaluator: syntheticEvaluator() }, { ...tiny, fit: recordingFitter([]), logPath })).rejects.toThrow(
      'the log was written with warmStart = true, this run has undefined',
    );
    const shortPath = join(dir, 'short.jsonl');
    await runBayesOpt({ ...syntheticProblem(), evaluator: syntheticEvaluator() }, { ...tiny, rounds: 2, warmStart: true, fit: recordingFitter([]), logPath: shortPath });
    await unlink(`${shortPath}.warm-start-1-1.json`);
    const resumed = runBayesOpt({ ...syntheticProblem(), evaluator: syntheticEvaluator() }, { ...tiny, warmStart: true, fit: recordingFitter([]), logPath: shortPath });
    await expect(resumed).rejects.toThrow(BayesOptLogError);
    await expect(resumed).rejects.toThrow('cannot resume a warm-started run without the parameters of seed 1 round 2');
  });

  it('sgpFitter starts a warm fit from the given parameters, for warmStartEpochs epochs', async () => {
    const { train } = syntheticProblem(60);
    const x = train.x;
    const y = Float64Array.from(train.accuracy, (a) => -a * 10);
    const fit = sgpFitter({ inducingPoints: 8, epochs: 3, learningRate: 1e-4, minibatchSize: 20, threads: 1, warmStartEpochs: 1 });
    const cold = await fit(x, y, { seed: 1, round: 0 });
    const start = cold.parameters!;
    const warm = await fit(x, y, { seed: 1, round: 1, warmStart: start });
    // 3 Adam steps (one epoch of 3 minibatches) of about the learning rate each
    const moved = Math.max(...Array.from(warm.parameters!, (v, i) => Math.abs(v - start[i]!)));
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(3.5e-4);
    const again = await fit(x, y, { seed: 1, round: 1 });
    expect(Math.max(...Array.from(again.parameters!, (v, i) => Math.abs(v - start[i]!)))).toBeGreaterThan(0.01);
  });
});
