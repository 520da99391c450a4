import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnasDataset } from '@opnas/enas-data';
import { readLatents } from '@opnas/latents';
import { NB201, enumerateNb201 } from '@opnas/spaces';
import { loadRunModel } from '@opnas/train';
import { encodeMeanAsync } from '@opnas/vae';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRunner, TEST_DATA as DATA } from '../cli-io.test-util.js';
import { CliError } from '../output.js';
import { tinyTrainedRun } from '../tiny-run.test-util.js';
import { type EncodeArchitecturesReport, registerEncodeCommand } from './encode.js';
import { registerTrainCommand } from './train.js';

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

describe('opnas encode --arch --space nb201', () => {
  let dir: string;
  let runDir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opnas-encode-nb201-'));
    runDir = join(dir, 'nb201');
    const tiny = ['--hidden', '8', '--latent', '4', '--batch', '32', '--workers', '1', '--epochs', '1', '--no-latents'];
    await commandRunner(registerTrainCommand)(['train', '--model', 'dvae', '--space', 'nb201', '--subset', '64', ...tiny, '--quiet', '--out', runDir]).done;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints μ of NB-201 cells given as arch strings, the run's model's posterior means", async () => {
    const cells = enumerateNb201().slice(40, 43);
    const strings = cells.map((c) => NB201.format(c));
    const r = run(['encode', '--run', runDir, '--arch', ...strings, '--space', 'nb201', '--json']);
    await r.done;
    const report = JSON.parse(r.output()) as EncodeArchitecturesReport;
    expect(report.latents.map((l) => l.architecture)).toEqual(strings);
    const loaded = await loadRunModel(runDir, 'auto');
    const mu = await encodeMeanAsync(loaded.model, cells);
    loaded.model.dispose();
    report.latents.forEach((l, k) => {
      expect(l.mu).toHaveLength(4);
      l.mu.forEach((x, j) => expect(x).toBeCloseTo(mu[k * 4 + j]!, 5));
    });
    // two cells that differ give different latents
    expect(report.latents[0]!.mu).not.toEqual(report.latents[1]!.mu);
  });

  it("refuses a notation of another space, naming the architecture, the position or the run's space", async () => {
    await expect(run(['encode', '--run', runDir, '--arch', '|nor_conv_3x3~0|+|conv~0|', '--space', 'nb201']).done).rejects.toThrow(
      /encode: --arch 1 \("\|nor_conv_3x3~0\|\+\|conv~0\|"\): .*nb201: at character \d+/,
    );
    // the default notation is ENAS-6's: an ENAS string parses, but the run is an NB-201 one
    await expect(run(['encode', '--run', runDir, '--arch', '0 1 0 5 1 1 2 0 0 0 3 1 0 0 0 4 0 0 0 1 0']).done).rejects.toThrow(
      'was trained on nb201 architectures; give --space nb201',
    );
    await expect(run(['encode', '--run', runDir, '--space', 'nb201']).done).rejects.toThrow('encode: --space is the notation of --arch');
  });
});
