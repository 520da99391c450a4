import { resolveEnasDataPath } from '@opnas/enas-data';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enasFlatToDag, isValidEnas } from '@opnas/dag';
import { loadEnasDataset } from '@opnas/enas-data';
import { writeLatents } from '@opnas/latents';
import { PythonRandom } from '@opnas/rng';
import { initRuntime } from '@opnas/runtime';
import { createModel, decodeLatents, loadModel, saveModelWeights } from '@opnas/vae';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from './cli-io.test-util.js';
import { runCli } from './run.js';
import { loadRunDecoder } from './run-decoder.js';

const DATA = (await resolveEnasDataPath()).path;

let run: string;
beforeAll(async () => {
  await initRuntime();
  run = await mkdtemp(join(tmpdir(), 'opnas-run-decoder-'));
  // A small, untrained D-VAE stands in for a training run's final weights.
  await saveModelWeights(createModel('dvae', { hiddenSize: 12, latentSize: 4 }), join(run, 'model.safetensors'));
});
afterAll(() => rm(run, { recursive: true, force: true }));

describe('loadRunDecoder', () => {
  it('returns undefined for a folder without model weights', async () => {
    expect(await loadRunDecoder(join(run, 'nothing-here'))).toBeUndefined();
  });

  it('decodes each point `attempts` times, pass by pass, reproducibly from the seed', async () => {
    const decoder = (await loadRunDecoder(run))!;
    const points = [Float64Array.of(0.1, -0.2, 0.3, 0), Float64Array.of(1, 1, -1, 0.5), Float64Array.of(0, 0, 0, 0)];
    const first = await decoder(points, 4, { seed: 7 });
    expect(first).toHaveLength(3);
    expect(first.every((attempts) => attempts.length === 4)).toBe(true);
    expect(await decoder(points, 4, { seed: 7 })).toEqual(first);
    // One attempt is one pass over the batch: the same as decoding the points once directly.
    const saved = await loadModel(join(run, 'model.safetensors'));
    const once = decodeLatents(saved, Float32Array.from(points.flatMap((p) => [...p])), { random: new PythonRandom(3) });
    expect((await decoder(points, 1, { seed: 3 })).map((a) => a[0])).toEqual(once);
  });

  it('drives latent-mode BO end to end: select, decode with the run model, score by lookup', async () => {
    const data = await loadEnasDataset({ path: DATA });
    const split = (records: typeof data.train, count: number, offset: number) => ({
      count,
      dim: 4,
      mu: Float32Array.from({ length: count * 4 }, (_, k) => Math.sin(k * 0.71 + offset)),
      accuracy: Float64Array.from(records.slice(0, count).map((r) => r.accuracy)),
      index: Int32Array.from(records.slice(0, count).map((r) => r.index)),
    });
    await writeLatents(join(run, 'latents.safetensors'), { train: split(data.train, 60, 0), test: split(data.test, 20, 5), metadata: { model: 'dvae' } });
    const io = captureIo();
    const code = await runCli(
      [
        'bo',
        '--run',
        run,
        '--evaluator',
        'lookup',
        '--mode',
        'latent',
        '--rounds',
        '1',
        '--batch',
        '3',
        '--seeds',
        '1',
        '--attempts',
        '6',
        '--grid',
        '200',
        '--inducing',
        '10',
        '--epochs',
        '2',
        '--threads',
        '1',
        '--data',
        DATA,
        '--json',
      ],
      io,
    );
    expect(io.err).not.toMatch(/^opnas:/m);
    expect(code).toBe(0);
    const report = JSON.parse(io.out);
    expect(report.mode).toBe('latent');
    const round = report.rounds[0];
    expect(round.bo.points).toHaveLength(3);
    // Every point either decoded to a valid 8-vertex architecture, which the lookup scores or
    // leaves unscored, or is reported undecodable (an untrained decoder often produces neither).
    round.bo.architectures.forEach((architecture: string | null, k: number) => {
      const { status } = round.bo.outcomes[k];
      if (architecture === null) expect(status).toBe('undecodable');
      else {
        expect(isValidEnas(enasFlatToDag(architecture), { vertexCount: 8 })).toBe(true);
        expect(['scored', 'unscored']).toContain(status);
      }
    });
  });
});
