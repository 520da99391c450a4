import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLatents } from '@opnas/latents';
import { RUN_FILES as TRAIN_RUN_FILES, readCheckpoint } from '@opnas/train';
import type { BatchProgress } from '@opnas/train';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_FILES } from '../run-layout.js';
import { type TrainReport, formatBatchProgress, registerTrainCommand } from './train.js';
import { commandRunner, TEST_DATA as DATA } from '../cli-io.test-util.js';

const run = commandRunner(registerTrainCommand);

describe('opnas train', () => {
  let dir: string;
  let runDir: string;
  const tiny = ['--hidden', '8', '--latent', '4', '--subset', '24', '--batch', '8', '--workers', '1', '--data', DATA];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opnas-train-cli-'));
    runDir = join(dir, 'run');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the same run files as @opnas/train', () => {
    for (const key of ['config', 'trainLog', 'model', 'latents', 'evaluation'] as const) expect(RUN_FILES[key]).toBe(TRAIN_RUN_FILES[key]);
    expect(join(RUN_FILES.checkpoint)).toBe(TRAIN_RUN_FILES.checkpoint);
  });

  it('trains into a run directory, logs every epoch and writes the latents (--json)', async () => {
    const r = run(['train', '--model', 'dvae', '--epochs', '2', ...tiny, '--out', runDir, '--json']);
    await r.done;
    const report = JSON.parse(r.output()) as TrainReport;
    expect(report).toMatchObject({ run: runDir, model: 'dvae', status: 'completed', iteration: 1, epoch: 2 });
    expect(report.last).toMatchObject({ model: 'dvae', iteration: 1, epoch: 2 });
    const log = readFileSync(join(runDir, 'train-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log.map((e) => Object.keys(e))).toEqual([0, 1].map(() => ['model', 'iteration', 'epoch', 'total', 'recon', 'kl', 'lr', 'seconds']));
    const latents = await readLatents(join(runDir, 'latents.safetensors'));
    expect([latents.train.count, latents.test.count, latents.train.dim]).toEqual([17_118, 1_902, 4]);
    expect(latents.metadata).toMatchObject({ model: 'dvae', epoch: '2' });
  });

  it('resumes a run with its own settings and trains further', async () => {
    const r = run(['train', '--out', runDir, '--resume', '--epochs', '3', '--no-latents', '--workers', '1']);
    await r.done;
    expect(r.errors()).toMatch(/resuming .*iteration 1, 2 epoch\(s\) done/);
    expect(r.errors()).toMatch(/epoch 3: loss \d/);
    expect(r.output()).toMatch(/trained dvae: iteration 1, epoch 3/);
    expect((await readCheckpoint(join(runDir, 'checkpoint', 'checkpoint.safetensors'))).state.epoch).toBe(3);
  });

  it('refuses bad invocations with one-line messages', async () => {
    await expect(run(['train', '--epochs', '1']).done).rejects.toThrow(/train: give --model .* or --resume --out DIR/);
    await expect(run(['train', '--resume']).done).rejects.toThrow(/--resume needs --out DIR/);
    await expect(run(['train', '--model', 'nope', '--out', join(dir, 'x')]).done).rejects.toThrow(/unknown model 'nope'; registered: dvae, dvae-emb/);
    await expect(run(['train', '--model', 'dvae', ...tiny, '--epochs', '1', '--out', runDir]).done).rejects.toThrow(/already holds a run; resume it or choose another directory/);
    await expect(run(['train', '--model', 'dvae', '--out', runDir, '--resume', '--hidden', '9', ...tiny.slice(2)]).done).rejects.toThrow(
      /cannot resume .*modelOptions.hiddenSize differs/,
    );
    await expect(run(['train', '--model', 'dvae', '--init-table', 'released', ...tiny, '--out', join(dir, 'y')]).done).rejects.toThrow(
      /initTable applies to models with an operation embedding/,
    );
    await expect(run(['train', '--model', 'dvae', '--epochs', '0']).done).rejects.toThrow(/--epochs must be a positive integer/);
  });

  it('draws a progress bar with the running loss', () => {
    const p: BatchProgress = {
      iteration: 2,
      iterations: 4,
      epoch: 3,
      epochs: 300,
      batch: 100,
      batches: 535,
      graphs: 3200,
      loss: 3200 * 12.5,
      recon: 3200 * 12.4,
      kld: 3200 * 20,
      lr: 1e-4,
      seconds: 20,
    };
    expect(formatBatchProgress(p, true)).toBe('it 2/4 epoch 3/300 [####....................] 100/535 loss 12.500 recon 12.400 kl 20.000 lr 1.0e-4 0.20 s/batch, epoch ETA 87 s');
    expect(formatBatchProgress({ ...p, iterations: 1 }, false)).toMatch(/^epoch 3\/300 batch 100\/535 loss 12\.500/);
  });
});
