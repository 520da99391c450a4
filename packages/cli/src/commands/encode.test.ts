import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnasDataset } from '@opnas/enas-data';
import { readLatents } from '@opnas/latents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRunner, TEST_DATA as DATA } from '../cli-io.test-util.js';
import { CliError } from '../output.js';
import { tinyTrainedRun } from '../tiny-run.test-util.js';
import { type EncodeArchitecturesReport, registerEncodeCommand } from './encode.js';

const run = commandRunner(registerEncodeCommand);

describe('opnas encode', () => {
  let dir: string;
  let runDir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opnas-encode-cli-'));
    runDir = await tinyTrainedRun(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('encodes a run into a latents file of its choice', async () => {
    const out = join(dir, 'elsewhere.safetensors');
    const r = run(['encode', '--run', runDir, '--out', out, '--workers', '2']);
    await r.done;
    expect(r.output()).toMatch(/wrote .*elsewhere\.safetensors: μ of 17118 train and 1902 test graphs \(dvae, iteration 1, epoch 3\)/);
    expect((await readLatents(out)).metadata).toMatchObject({ model: 'dvae', epoch: '3' });
  });

  it('--arch prints μ of given architectures, equal to their rows in the latents file', async () => {
    const out = join(dir, 'all.safetensors');
    await run(['encode', '--run', runDir, '--out', out, '--workers', '2']).done;
    const { train } = await readLatents(out);
    const dataset = await loadEnasDataset({ path: DATA });
    const rows = [0, 5];
    const flats = rows.map((i) => dataset.graphs[train.index[i]!]!.flat);
    const r = run(['encode', '--run', runDir, '--arch', ...flats, '--json']);
    await r.done;
    const report = JSON.parse(r.output()) as EncodeArchitecturesReport;
    expect(report).toMatchObject({ model: 'dvae', epoch: 3 });
    expect(report.latents.map((l) => l.architecture)).toEqual(flats);
    rows.forEach((row, k) => {
      const expected = Array.from(train.mu.subarray(row * train.dim, (row + 1) * train.dim));
      expect(report.latents[k]!.mu).toHaveLength(4);
      report.latents[k]!.mu.forEach((x, j) => expect(x).toBeCloseTo(expected[j]!, 5));
    });
  });

  it('--arch names the architecture it cannot read', async () => {
    const r = run(['encode', '--run', runDir, '--arch', '0 1 0 5 1 1 2 0 0 0 3 1 0 0 0 4 0 0 0 1 0', '1 2 3']);
    await expect(r.done).rejects.toThrow(CliError);
    await expect(run(['encode', '--run', runDir, '--arch', '1 2 3']).done).rejects.toThrow('encode: --arch 1 ("1 2 3"):');
  });
});
