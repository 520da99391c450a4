/**
 * Exact resume on the webgpu backend, where training runs in the main thread: a run killed
 * with SIGKILL mid-epoch and resumed ends with the same weights, bit for bit, and the same log
 * as an uninterrupted run. Needs an adapter (a GPU, or SwiftShader: see docs/guides/gpu.md):
 * with OPNAS_CONFORMANCE_BACKENDS listing webgpu (CI) it must run; otherwise it is skipped when
 * Dawn finds none. Tiny, as SwiftShader is slow: S-VAE (its device path: GRU sequences of tensor
 * ops, with gathers whose gradients are the ordered segment sums) on 8 graphs in batches of 4,
 * 2 epochs. (GCN on 12 graphs passed too, in 13 minutes on a loaded machine.)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initRuntime } from '@opnas/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOutcome as outcome, trainingSession as session } from './train-child.test-util.js';
import { readCheckpoint } from './training-checkpoint.js';

const required = (process.env['OPNAS_CONFORMANCE_BACKENDS'] ?? '').split(',').includes('webgpu');
let unavailable: string | undefined;
let scratch: string;

const base = { backend: 'webgpu', model: 'svae', workers: 2, subset: 8, batchSize: 4, epochs: 2 };

beforeAll(async () => {
  try {
    await initRuntime({ backend: 'webgpu' });
  } catch (error) {
    if (required) throw error;
    unavailable = (error as Error).message;
  }
  scratch = await mkdtemp(join(tmpdir(), 'opnas-train-webgpu-'));
}, 120_000);
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('training on webgpu (main thread)', () => {
  it('resumes a run killed mid-epoch bit for bit', async (context) => {
    if (unavailable !== undefined) context.skip(`webgpu not available: ${unavailable}`);
    const straight = join(scratch, 'straight');
    const first = await session({ ...base, runDir: straight });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout.trim()).status).toBe('completed');
    const config = JSON.parse(await readFile(join(straight, 'config.json'), 'utf8')) as { workers: number };
    expect(config.workers).toBe(1); // one member, in the main thread, whatever workers says
    const reference = await outcome(straight);
    expect(reference.log).toHaveLength(2);
    expect(reference.log[1]!['recon']).not.toBe(reference.log[0]!['recon']);

    const killedDir = join(scratch, 'killed');
    const killed = await session({ ...base, runDir: killedDir }, 'kill-after-batch:1:2:1');
    expect(killed.signal).toBe('SIGKILL');
    expect((await readCheckpoint(join(killedDir, 'checkpoint', 'checkpoint.safetensors'))).state).toMatchObject({ epoch: 1, batch: 0 });
    const resumed = await session({ ...base, runDir: killedDir, resume: true });
    expect(resumed.code, resumed.stderr).toBe(0);
    const got = await outcome(killedDir);
    expect(got.log).toEqual(reference.log);
    expect(got.weights.equals(reference.weights)).toBe(true);
  }, 1_200_000);
});
