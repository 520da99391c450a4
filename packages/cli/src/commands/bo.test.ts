import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { architectureFeatures } from '@opnas/bayesopt';
import { type EnasDataset, loadEnasDataset } from '@opnas/enas-data';
import { writeLatents } from '@opnas/latents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../output.js';
import { type BoReport, registerBoCommand, registerRunDecoderLoader } from './bo.js';
import { commandRunner, TEST_DATA as DATA } from '../cli-io.test-util.js';

const run = commandRunner(registerBoCommand);

/**
 * A run directory whose latents encode real dataset graphs: μ = a fixed 4-d projection of the
 * architecture's features (so the GP has signal), accuracies and indices from the dataset.
 */
async function makeRun(dir: string, dataset: EnasDataset, train: number, test: number): Promise<void> {
  const proj = (flat: string) => {
    const f = architectureFeatures(flat);
    return [0, 1, 2, 3].map((k) => f.reduce((s, v, i) => s + v * Math.sin(1 + i * (k + 1) * 0.37), 0) / 4);
  };
  const split = (records: EnasDataset['train'], count: number) => ({
    count,
    dim: 4,
    mu: Float32Array.from(records.slice(0, count).flatMap((r) => proj(r.flat))),
    accuracy: Float64Array.from(records.slice(0, count).map((r) => r.accuracy)),
    index: Int32Array.from(records.slice(0, count).map((r) => r.index)),
  });
  await writeLatents(join(dir, 'latents.safetensors'), {
    train: split(dataset.train, train),
    test: split(dataset.test, test),
    metadata: { model: 'synthetic', epoch: '0', dataSha256: dataset.sha256 },
  });
}

describe('opnas bo', () => {
  let dir: string;
  let dataset: EnasDataset;
  const small = ['--inducing', '10', '--epochs', '2', '--threads', '1', '--seeds', '2', '--rounds', '2', '--batch', '4', '--data', DATA];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opnas-bo-cli-'));
    dataset = await loadEnasDataset({ path: DATA });
    await makeRun(dir, dataset, 120, 30);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores with the shipped ENAS surrogate benchmark (--evaluator enas-surrogate), labelled SURROGATE', async () => {
    const { enasSurrogateEvaluator } = await import('@opnas/enas-surrogate');
    const surrogate = await enasSurrogateEvaluator();
    const out = join(dir, 'bo-enas-surrogate');
    const r = run(['bo', '--run', dir, '--evaluator', 'enas-surrogate', '--mode', 'pool', '--initial', '40', '--top', '2', '--out', out, '--json', ...small, '--seeds', '1']);
    await r.done;
    const report = JSON.parse(r.output()) as BoReport;
    expect(report.evaluator.surrogate).toBe(true);
    expect(report.scoreLabel).toMatch(/^SURROGATE/);
    const round = report.rounds[0]!;
    const expected = await surrogate.evaluate(round.bo.architectures as string[]);
    round.bo.outcomes.forEach((o, i) => expect(o).toEqual({ status: 'scored', accuracy: (expected[i] as { accuracy: number }).accuracy }));
  });

  it('--warm-start N: each round after the first starts from the previous fit (recorded in the log header, parameters beside the log)', async () => {
    const out = join(dir, 'bo-warm');
    const r = run(['bo', '--run', dir, '--evaluator', 'lookup', '--mode', 'pool', '--initial', '40', '--warm-start', '1', '--out', out, '--json', ...small, '--seeds', '1']);
    await r.done;
    const report = JSON.parse(r.output()) as BoReport;
    expect(report.rounds).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(out, 'log.jsonl'), 'utf8').split('\n')[0]!).settings.warmStart).toBe(true);
    expect(existsSync(join(out, 'log.jsonl.warm-start-1-1.json'))).toBe(true);
    await expect(run(['bo', '--run', dir, '--evaluator', 'lookup', '--warm-start', '0', ...small]).done).rejects.toThrow('--warm-start');
  });

  it('--pool test: starts from every training label and searches the test architectures only', async () => {
    const out = join(dir, 'bo-pool-test');
    const r = run(['bo', '--run', dir, '--evaluator', 'lookup', '--mode', 'pool', '--pool', 'test', '--out', out, '--json', ...small, '--seeds', '1']);
    await r.done;
    const report = JSON.parse(r.output()) as BoReport;
    const testFlats = new Set(dataset.test.slice(0, 30).map((g) => g.flat));
    const picked = report.rounds.flatMap((round) => [...round.bo.architectures, ...round.random!.architectures]);
    expect(picked).toHaveLength(16);
    for (const flat of picked) expect(testFlats.has(flat!)).toBe(true);
    const header = JSON.parse(readFileSync(join(out, 'log.jsonl'), 'utf8').split('\n')[0]!);
    expect(header.problem.trainCount).toBe(120);
    expect(header.problem.poolCount).toBe(30);
  });

  it('runs pool mode with the lookup evaluator: per-round results, top-k with drawings, JSON', async () => {
    const r = run(['bo', '--run', dir, '--evaluator', 'lookup', '--mode', 'pool', '--initial', '40', '--top', '3', '--json', ...small]);
    await r.done;
    const report = JSON.parse(r.output()) as BoReport;
    expect(report.mode).toBe('pool');
    expect(report.evaluator.surrogate).toBe(false);
    expect(report.rounds).toHaveLength(4);
    expect(report.summary.rounds).toHaveLength(2);
    for (const round of report.rounds) {
      // every pool candidate is labelled, so the lookup scores all of them
      expect(round.bo.batch.scored).toBe(4);
      round.bo.architectures.forEach((flat, i) => {
        expect(round.bo.outcomes[i]).toEqual({ status: 'scored', accuracy: dataset.records.find((x) => x.flat === flat)!.accuracy });
      });
      expect(round.metrics.testRmse).toBeGreaterThan(0);
    }
    expect(report.top).toHaveLength(3);
    for (const t of report.top) {
      expect(t.datasetAccuracy).toBe(t.accuracy);
      expect(readFileSync(t.svg, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    }
    expect(report.top[0]!.accuracy).toBeGreaterThanOrEqual(report.top[1]!.accuracy);
    expect(r.errors()).toMatch(/bo: seed 1 round 1\/2: batch mean 0\.\d{4} max 0\.\d{4} \(4\/4 scored\)/);
    // run again: everything comes from the log
    const again = run(['bo', '--run', dir, '--evaluator', 'lookup', '--mode', 'pool', '--initial', '40', '--top', '3', ...small]);
    await again.done;
    expect(again.output()).toContain('(from the log)');
    expect(again.output()).toMatch(/top 3 distinct architectures \(lookup scores\)/);
    expect(again.output()).toContain(report.top[0]!.architecture);
  });

  it('labels surrogate scores everywhere', async () => {
    const r = run([
      'bo',
      '--run',
      dir,
      '--evaluator',
      'surrogate',
      '--mode',
      'pool',
      '--initial',
      '40',
      '--surrogate-inducing',
      '8',
      '--surrogate-epochs',
      '1',
      '--top',
      '2',
      ...small,
      '--seeds',
      '1',
      '--rounds',
      '1',
    ]);
    await r.done;
    expect(r.output()).toMatch(/scores are SURROGATE-predicted accuracy, not measured/);
    expect(r.output()).toMatch(/\(SURROGATE\)/);
    expect(r.output()).toMatch(/top 2 distinct architectures \(SURROGATE-predicted, not measured scores\)/);
    expect(readFileSync(join(dir, 'bo-pool-surrogate', 'top-01.svg'), 'utf8')).toContain('SURROGATE-predicted');
  });

  it('evaluates through a user command', async () => {
    const script = join(dir, 'train.sh');
    writeFileSync(script, '#!/bin/sh\nsleep 0.01\necho "trained $1" >&2\necho 0.7123\n');
    chmodSync(script, 0o755);
    const r = run([
      'bo',
      '--run',
      dir,
      '--evaluator',
      'command',
      '--cmd',
      script,
      '--concurrency',
      '2',
      '--mode',
      'pool',
      '--initial',
      '40',
      '--json',
      ...small,
      '--seeds',
      '1',
      '--rounds',
      '1',
    ]);
    await r.done;
    const report = JSON.parse(r.output()) as BoReport;
    expect(report.rounds[0]!.bo.outcomes.every((o) => o.status === 'scored' && o.accuracy === 0.7123)).toBe(true);
    expect(existsSync(join(dir, 'bo-pool-command', 'evaluations.jsonl'))).toBe(true);
  });

  it('runs latent mode through a registered decoder loader, and explains when there is none', async () => {
    await expect(run(['bo', '--run', dir, '--evaluator', 'lookup', ...small]).done).rejects.toThrow(
      /has no decoder: latent mode decodes the selected points with the run's trained model/,
    );
    const known = dataset.train.slice(0, 200).map((r) => r.flat);
    registerRunDecoderLoader((runDir) =>
      Promise.resolve(
        runDir === resolve(dir)
          ? (points, attempts) => points.map((p) => Array.from({ length: attempts }, (_, k) => (k === 0 ? 'garbage' : known[Math.floor(Math.abs(p[0]! * 997)) % known.length]!)))
          : undefined,
      ),
    );
    const r = run(['bo', '--run', dir, '--evaluator', 'lookup', '--grid', '100', '--attempts', '3', '--json', ...small, '--seeds', '1']);
    await r.done;
    const report = JSON.parse(r.output()) as BoReport;
    expect(report.mode).toBe('latent');
    expect(report.rounds[0]!.bo.points).toHaveLength(4);
    expect(report.rounds[0]!.bo.batch.scored).toBe(4);
  });

  it('--space: ENAS-6 is the default and the only space BO searches so far; others are refused before any work', async () => {
    for (const space of ['nb201', 'nb101']) {
      await expect(run(['bo', '--run', dir, '--evaluator', 'lookup', '--mode', 'pool', '--space', space, ...small]).done).rejects.toThrow(
        `bo: --space ${space} is not supported yet: BO's evaluators (lookup, surrogate, command), the pool and the drawings take ENAS-6 architectures only`,
      );
    }
    await expect(run(['bo', '--run', dir, '--evaluator', 'lookup', '--space', 'darts', ...small]).done).rejects.toThrow('--space must be one of enas6, nb101, nb201');
  });

  it('turns bad input into one-line errors', async () => {
    await expect(run(['bo', '--run', dir, '--evaluator', 'command', '--mode', 'pool', ...small]).done).rejects.toThrow('bo: --evaluator command needs --cmd PATH');
    await expect(run(['bo', '--run', join(dir, 'nope'), '--evaluator', 'lookup', ...small]).done).rejects.toThrow(CliError);
    await expect(run(['bo', '--run', dir, '--evaluator', 'lookup', '--mode', 'pool', '--initial', '500', ...small]).done).rejects.toThrow(/--initial 500 leaves no pool/);
    await expect(run(['bo', '--run', dir, '--evaluator', 'oracle']).done).rejects.toThrow(/--evaluator must be one of lookup, surrogate, command/);
    // a resumed run with other settings is refused, naming the setting
    await expect(run(['bo', '--run', dir, '--evaluator', 'lookup', '--mode', 'pool', '--initial', '40', ...small, '--batch', '5']).done).rejects.toThrow(
      /^bo: @opnas\/bayesopt: .*log\.jsonl: the log was written with batchSize = 4, this run has 5/,
    );
  });
});
