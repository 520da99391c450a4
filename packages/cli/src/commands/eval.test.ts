import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRunner } from '../cli-io.test-util.js';
import { tinyTrainedRun } from '../tiny-run.test-util.js';
import { registerEvalCommand } from './eval.js';

const run = commandRunner(registerEvalCommand);

describe('opnas eval', () => {
  let dir: string;
  let runDir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opnas-eval-cli-'));
    runDir = await tinyTrainedRun(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('evaluates a run: the six Table-1 numbers, also saved as evaluation.json', async () => {
    const r = run(['eval', '--run', runDir, '--decodings', '2', '--points', '20', '--workers', '2', '--json']);
    await r.done;
    const metrics = JSON.parse(r.output()) as Record<string, number>;
    expect(Object.keys(metrics).sort()).toEqual(['novelty', 'reconstruction', 'testNll', 'uniqueness', 'validity', 'validity8']);
    for (const v of Object.values(metrics)) expect(Number.isFinite(v)).toBe(true);
    const saved = JSON.parse(readFileSync(join(runDir, 'evaluation.json'), 'utf8')) as { metrics: unknown; reconstruction: { decodings: number } };
    expect(saved.metrics).toEqual(metrics);
    expect(saved.reconstruction.decodings).toBe(1_902 * 2);
  });

  it('refuses a folder that is not a run', async () => {
    await expect(run(['eval', '--run', join(dir, 'missing')]).done).rejects.toThrow(/eval: .*is not a run directory/);
    await expect(run(['eval', '--run', runDir, '--weights', 'best']).done).rejects.toThrow(/--weights must be one of final, checkpoint, auto/);
  });
});
