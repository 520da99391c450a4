import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PythonRandom } from '@opnas/rng';
import { writeSafetensorsFile } from '@opnas/safetensors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDifference } from './run-config.js';
import { readCheckpoint, removeStaleCheckpointFiles, writeCheckpoint } from './training-checkpoint.js';
import type { TrainingCheckpoint } from './training-checkpoint.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opnas-checkpoint-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sample(): TrainingCheckpoint {
  const random = new PythonRandom(3);
  random.gauss(); // leaves a cached second deviate in the state
  return {
    state: {
      iteration: 2,
      epoch: 7,
      batch: 3,
      adamStep: 1234,
      scheduler: { learningRate: 1e-5, best: 123.456789012345, numBadEpochs: 4, cooldownCounter: 0, lastEpoch: 7 },
      shuffleRandom: new PythonRandom(1).getState(),
      noiseRandom: random.getState(),
      partial: { loss: 0.1 + 0.2, recon: 1 / 3, kld: 2 ** -40, seconds: 12.5 },
      log: [{ model: 'dvae', iteration: 1, epoch: 1, total: 33.1, recon: 33, kl: 20, lr: 1e-4, seconds: 100 }],
      workers: 2,
    },
    weights: Float32Array.from({ length: 100 }, (_, i) => Math.sin(i)),
    m: Float32Array.from({ length: 100 }, (_, i) => i * 1e-3),
    v: Float32Array.from({ length: 100 }, (_, i) => i * 1e-6),
    order: Int32Array.from({ length: 17 }, (_, i) => (i * 5) % 17),
    shapes: [[10, 5], [50]],
  };
}

describe('training checkpoints', () => {
  it('round-trip every array and every number of the state exactly', async () => {
    const path = join(dir, 'a', 'checkpoint.safetensors');
    const written = sample();
    await writeCheckpoint(path, written);
    const read = await readCheckpoint(path);
    expect(read).toEqual(written);
    // The generator continues the same sequence after the round trip.
    const a = new PythonRandom(0);
    a.setState(written.state.noiseRandom);
    const b = new PythonRandom(0);
    b.setState(read.state.noiseRandom);
    expect([a.gauss(), a.gauss(), a.random()]).toEqual([b.gauss(), b.gauss(), b.random()]);
    expect((await readdir(join(dir, 'a'))).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('refuses files that are not checkpoints, naming the file and the problem', async () => {
    const notOurs = join(dir, 'weights.safetensors');
    await writeSafetensorsFile(notOurs, { w: { dtype: 'F32', shape: [1], data: Float32Array.of(1) } }, { format: 'opnas-graph-vae' });
    await expect(readCheckpoint(notOurs)).rejects.toThrow(/weights\.safetensors is not a training checkpoint \(format "opnas-graph-vae"\)/);
    const garbage = join(dir, 'garbage.safetensors');
    await writeFile(garbage, 'not safetensors at all');
    await expect(readCheckpoint(garbage)).rejects.toThrow(/@opnas\/train: cannot read checkpoint: .*garbage\.safetensors/);
    await expect(readCheckpoint(join(dir, 'missing.safetensors'))).rejects.toThrow(/cannot read checkpoint: .*ENOENT/);
    const noOrder = join(dir, 'no-order.safetensors');
    await writeSafetensorsFile(
      noOrder,
      { weights: { dtype: 'F32', shape: [1], data: Float32Array.of(1) } },
      { format: 'opnas-train-checkpoint', version: '1', state: JSON.stringify(sample().state), shapes: '[[1]]' },
    );
    await expect(readCheckpoint(noOrder)).rejects.toThrow(/no-order\.safetensors has no tensor 'adam\.m'/);
  });

  it('removes the temporary files a killed write leaves', async () => {
    const path = join(dir, 'b', 'checkpoint.safetensors');
    await writeCheckpoint(path, sample());
    await writeFile(`${path}.tmp-999-1`, 'half');
    await removeStaleCheckpointFiles(path);
    expect(await readdir(join(dir, 'b'))).toEqual(['checkpoint.safetensors']);
  });
});

describe('firstDifference', () => {
  it('names the first differing path, or null', () => {
    expect(firstDifference({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2] } })).toBeNull();
    expect(firstDifference({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] } })).toBe('b.c.1');
    expect(firstDifference({ a: 1 }, { a: 1, z: 0 })).toBe('z');
  });
});
