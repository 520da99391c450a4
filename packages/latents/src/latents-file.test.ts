import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensorsFile, writeSafetensorsFile } from '@opnas/safetensors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LatentSplit, type LatentsFile, latentRow, readLatents, writeLatents } from './latents-file.js';

const split = (count: number, dim: number, seed: number): LatentSplit => ({
  count,
  dim,
  mu: Float32Array.from({ length: count * dim }, (_, i) => Math.sin(seed + i)),
  accuracy: Float64Array.from({ length: count }, (_, i) => 0.7 + ((i * seed) % 50) / 1000),
  index: Int32Array.from({ length: count }, (_, i) => i * 3 + seed),
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opnas-latents-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('latents files', () => {
  it('round-trip with the documented tensor names and metadata', async () => {
    const latents: LatentsFile = { train: split(5, 3, 1), test: split(2, 3, 2), metadata: { model: 'dvae', epoch: '300' } };
    const path = join(dir, 'latents.safetensors');
    await writeLatents(path, latents);
    const raw = await readSafetensorsFile(path);
    expect(Object.keys(raw.tensors).sort()).toEqual(['test.accuracy', 'test.index', 'test.mu', 'train.accuracy', 'train.index', 'train.mu']);
    expect(raw.tensors['train.mu']!.shape).toEqual([5, 3]);
    expect(raw.metadata).toEqual({ model: 'dvae', epoch: '300', format: 'opnas-latents', version: '1' });
    const back = await readLatents(path);
    expect(back.train).toEqual(latents.train);
    expect(back.test).toEqual(latents.test);
    expect(Array.from(latentRow(back.train, 1))).toEqual(Array.from(latents.train.mu.subarray(3, 6)));
  });

  it('refuse inconsistent input when writing, naming the field', async () => {
    const path = join(dir, 'x.safetensors');
    const bad = { train: { ...split(2, 2, 1), accuracy: new Float64Array(3) }, test: split(1, 2, 1), metadata: {} };
    await expect(writeLatents(path, bad)).rejects.toThrow(/train\.accuracy has 3 values, expected 2/);
    const nan = split(2, 2, 1);
    nan.mu[3] = Number.NaN;
    await expect(writeLatents(path, { train: nan, test: split(1, 2, 1), metadata: {} })).rejects.toThrow(/train\.mu\[1\]\[1\] is NaN/);
    await expect(writeLatents(path, { train: split(2, 2, 1), test: split(1, 3, 1), metadata: {} })).rejects.toThrow(/train has dim 2 but test has dim 3/);
  });

  it('refuse files that are not latents files, naming the file and tensor', async () => {
    const path = join(dir, 'weights.safetensors');
    await writeSafetensorsFile(path, { w: { dtype: 'F32', shape: [1], data: new Float32Array(1) } });
    await expect(readLatents(path)).rejects.toThrow(/weights\.safetensors: not a latents file/);
    const partial = join(dir, 'partial.safetensors');
    await writeSafetensorsFile(partial, { 'train.mu': { dtype: 'F64', shape: [1, 1], data: new Float64Array(1) } }, { format: 'opnas-latents', version: '1' });
    await expect(readLatents(partial)).rejects.toThrow(/train\.mu must be F32 of rank 2, found F64 \[1, 1\]/);
    await expect(readLatents(join(dir, 'missing.safetensors'))).rejects.toThrow(/@opnas\/latents: cannot read/);
  });
});
