import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOutcome as outcome, trainingSession as session } from './train-child.test-util.js';
import type { ChildResult } from './train-child.test-util.js';
import { readCheckpoint } from './training-checkpoint.js';

let scratch: string;

async function newRun(name: string): Promise<string> {
  scratch ??= await mkdtemp(join(tmpdir(), 'opnas-train-resume-'));
  return join(scratch, name);
}

afterAll(async () => {
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

function completed(r: ChildResult): void {
  expect(r.stderr, r.stderr).not.toMatch(/Error/);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout.trim()).status).toBe('completed');
}

// 40 graphs in batches of 8: 5 batches per epoch; 2 workers, as a default run on this machine.
const base = { workers: 2, subset: 40, batchSize: 8 };

describe('resume is bit-identical (child processes, kill -9 at chosen points)', () => {
  let reference: Awaited<ReturnType<typeof outcome>>;

  it('trains 2 epochs without interruption (the reference)', async () => {
    const runDir = await newRun('straight');
    completed(await session({ ...base, runDir, epochs: 2 }));
    reference = await outcome(runDir);
    expect(reference.log).toHaveLength(2);
    expect(reference.log[1]!['recon']).not.toBe(reference.log[0]!['recon']);
  });

  it('1 epoch, then a new session resumed for 1 more epoch', async () => {
    const runDir = await newRun('extend');
    completed(await session({ ...base, runDir, epochs: 1 }));
    completed(await session({ ...base, runDir, epochs: 2, resume: true }));
    const got = await outcome(runDir);
    expect(got.log).toEqual(reference.log);
    expect(got.weights.equals(reference.weights)).toBe(true);
  });

  it('kill -9 in the middle of epoch 2, then resume', async () => {
    const runDir = await newRun('kill-mid-epoch');
    const killed = await session({ ...base, runDir, epochs: 2 }, 'kill-after-batch:1:2:3');
    expect(killed.signal).toBe('SIGKILL');
    // Only epoch 1 was checkpointed; the log says so too.
    expect((await readCheckpoint(join(runDir, 'checkpoint', 'checkpoint.safetensors'))).state).toMatchObject({ epoch: 1, batch: 0 });
    completed(await session({ ...base, runDir, epochs: 2, resume: true }));
    const got = await outcome(runDir);
    expect(got.log).toEqual(reference.log);
    expect(got.weights.equals(reference.weights)).toBe(true);
  });

  it('kill -9 half-way through writing the epoch-2 checkpoint, then resume', async () => {
    const runDir = await newRun('kill-in-checkpoint');
    const killed = await session({ ...base, runDir, epochs: 2 }, 'kill-in-checkpoint:2');
    expect(killed.signal).toBe('SIGKILL');
    const files = await readdir(join(runDir, 'checkpoint'));
    expect(files.some((f) => f.includes('.tmp-'))).toBe(true); // the half-written file
    expect((await readCheckpoint(join(runDir, 'checkpoint', 'checkpoint.safetensors'))).state.epoch).toBe(1); // the old one is intact
    completed(await session({ ...base, runDir, epochs: 2, resume: true }));
    expect((await readdir(join(runDir, 'checkpoint'))).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const got = await outcome(runDir);
    expect(got.log).toEqual(reference.log);
    expect(got.weights.equals(reference.weights)).toBe(true);
  });

  it('SIGTERM in the middle of epoch 2 checkpoints that batch and stops; resume finishes identically', async () => {
    const runDir = await newRun('sigterm');
    const stopped = await session({ ...base, runDir, epochs: 2 }, 'term-after-batch:1:2:2');
    expect(stopped.code).toBe(0);
    expect(JSON.parse(stopped.stdout.trim())).toMatchObject({ status: 'stopped', epoch: 1 });
    // The signal arrives asynchronously: training stops after the batch in flight, mid-epoch.
    const { state } = await readCheckpoint(join(runDir, 'checkpoint', 'checkpoint.safetensors'));
    expect(state.epoch).toBe(1);
    expect(state.batch).toBeGreaterThanOrEqual(2);
    expect(state.batch).toBeLessThan(5);
    completed(await session({ ...base, runDir, epochs: 2, resume: true }));
    const got = await outcome(runDir);
    expect(got.log).toEqual(reference.log);
    expect(got.weights.equals(reference.weights)).toBe(true);
  });

  it('dvae-emb, 2 iterations × 1 epoch: a kill inside iteration 2 resumes identically', async () => {
    const args = { ...base, model: 'dvae-emb', iterations: 2, epochs: 1 };
    const straight = await newRun('emb-straight');
    completed(await session({ ...args, runDir: straight }));
    const interrupted = await newRun('emb-killed');
    expect((await session({ ...args, runDir: interrupted }, 'kill-after-batch:2:1:4')).signal).toBe('SIGKILL');
    completed(await session({ ...args, runDir: interrupted, resume: true }));
    const a = await outcome(straight);
    const b = await outcome(interrupted);
    expect(b.log.map((e) => e['iteration'])).toEqual([1, 2]);
    expect(b.log).toEqual(a.log);
    expect(b.weights.equals(a.weights)).toBe(true);
    for (const t of [1, 2]) {
      expect(await readFile(join(interrupted, `embeddings-iteration-${t}.json`), 'utf8')).toBe(await readFile(join(straight, `embeddings-iteration-${t}.json`), 'utf8'));
    }
  });
});
