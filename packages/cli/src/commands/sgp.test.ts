import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LatentsFile, readLatents, writeLatents } from '@opnas/latents';
import { NB201, enumerateNb201 } from '@opnas/spaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../output.js';
import { type SgpReport, registerSgpCommand } from './sgp.js';
import { commandRunner } from '../cli-io.test-util.js';
import { registerTrainCommand } from './train.js';

const run = commandRunner(registerSgpCommand);

/** Synthetic latents: accuracy a smooth function of a 3-d latent plus noise. */
function syntheticLatents(train: number, test: number, dim: number): LatentsFile {
  let s = 12345;
  const rnd = () => {
    s = (Math.imul(1664525, s) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const split = (count: number, offset: number) => {
    const mu = Float32Array.from({ length: count * dim }, () => 2 * rnd());
    const accuracy = Float64Array.from({ length: count }, (_, i) => 0.73 + 0.01 * Math.sin(3 * mu[i * dim]!) + 0.004 * mu[i * dim + 1]! + 0.001 * rnd());
    return { count, dim, mu, accuracy, index: Int32Array.from({ length: count }, (_, i) => offset + i) };
  };
  return { train: split(train, 0), test: split(test, train), metadata: { format: 'opnas-latents', version: '1', model: 'synthetic', epoch: '0', dataSha256: '0'.repeat(64) } };
}

describe('opnas sgp', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opnas-sgp-cli-'));
    file = join(dir, 'latents.safetensors');
    await writeLatents(file, syntheticLatents(120, 40, 3));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fits once per seed and reports per-seed metrics with their mean ± population sd (--json)', async () => {
    const r = run(['sgp', '--latents', file, '--inducing', '12', '--epochs', '3', '--seeds', '3', '--threads', '1', '--json', '--quiet']);
    await r.done;
    expect(r.errors()).toBe(''); // --quiet: no progress chatter
    const report = JSON.parse(r.output()) as SgpReport;
    expect(report.scale).toBe('standardised-negated-accuracy');
    expect([report.train, report.test, report.dim, report.inducing, report.epochs]).toEqual([120, 40, 3, 12, 3]);
    expect(report.seeds.map((s) => s.seed)).toEqual([1, 2, 3]);
    // each seed is its own fit: the metrics differ between seeds
    expect(new Set(report.seeds.map((s) => s.rmse)).size).toBe(3);
    const rmse = report.seeds.map((s) => s.rmse);
    const mean = (rmse[0]! + rmse[1]! + rmse[2]!) / 3;
    const sd = Math.sqrt(rmse.reduce((acc, v) => acc + (v - mean) ** 2, 0) / 3);
    expect(report.summary.rmse.mean).toBeCloseTo(mean, 14);
    expect(report.summary.rmse.sd).toBeCloseTo(sd, 14);
    for (const s of report.seeds) {
      expect(Number.isFinite(s.testLogLikelihood)).toBe(true);
      expect(Math.abs(s.pearson)).toBeLessThanOrEqual(1);
    }
  });

  it('prints a table and shows progress on stderr without --json', async () => {
    const r = run(['sgp', '--latents', file, '--inducing', '8', '--epochs', '10', '--seeds', '1', '--threads', '1']);
    await r.done;
    expect(r.output()).toContain('120 train / 40 test latents (D = 3), M = 8, 10 epochs');
    expect(r.output()).toMatch(/RMSE\s+\d\.\d{4} ± 0\.0000/);
    expect(r.errors()).toContain('sgp: seed 1/1 epoch 10/10');
    expect(r.errors()).toMatch(/sgp: seed 1\/1 done in \d+ s: RMSE/);
  });

  it('turns bad input into one-line errors', async () => {
    await expect(run(['sgp', '--latents', file, '--inducing', '121', '--seeds', '1']).done).rejects.toThrow(
      'sgp: ' + file + ': @opnas/sgp: inducingPoints (121) exceeds the number of training points (120)',
    );
    await expect(run(['sgp', '--latents', file, '--seeds', '0']).done).rejects.toThrow('sgp: --seeds must be an integer ≥ 1, got "0"');
    const missing = join(dir, 'missing.safetensors');
    await expect(run(['sgp', '--latents', missing]).done).rejects.toThrow(CliError);
    await expect(run(['sgp', '--latents', missing]).done).rejects.toThrow(/^sgp: .*missing\.safetensors/);
    const garbage = join(dir, 'garbage.safetensors');
    writeFileSync(garbage, 'not a safetensors file');
    await expect(run(['sgp', '--latents', garbage]).done).rejects.toThrow(/^sgp: /);
  });
});

describe('opnas sgp --space nb201', () => {
  let dir: string;
  let latents: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opnas-sgp-nb201-'));
    // NB-201 cells with synthetic labels (the user's labels file): a tiny run writes their latents
    const labels = join(dir, 'labels.txt');
    const cells = enumerateNb201().filter((_, i) => i % 157 === 0);
    writeFileSync(labels, cells.map((c, i) => `${NB201.format(c)} ${(0.7 + 0.002 * (i % 13)).toFixed(4)}`).join('\n'));
    const runDir = join(dir, 'run');
    const tiny = ['--hidden', '8', '--latent', '3', '--batch', '32', '--workers', '1', '--epochs', '1', '--quiet'];
    await commandRunner(registerTrainCommand)(['train', '--model', 'dvae', '--space', 'nb201', '--labels', labels, ...tiny, '--out', runDir]).done;
    latents = join(runDir, 'latents.safetensors');
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fits on the latents of a run on NB-201 cells, which record their space', async () => {
    const file = await readLatents(latents);
    expect(file.metadata['space']).toBe('nb201');
    expect(file.train.count + file.test.count).toBe(100);
    const r = run(['sgp', '--latents', latents, '--space', 'nb201', '--inducing', '8', '--epochs', '2', '--seeds', '1', '--threads', '1', '--json', '--quiet']);
    await r.done;
    const report = JSON.parse(r.output()) as SgpReport;
    expect(report).toMatchObject({ train: file.train.count, test: file.test.count, dim: 3 });
    expect(Number.isFinite(report.summary.rmse.mean)).toBe(true);
  });

  it('refuses latents of another space than --space (default enas6), naming both', async () => {
    await expect(run(['sgp', '--latents', latents, '--quiet']).done).rejects.toThrow(`holds nb201 latents, not enas6; give --space nb201`);
    await expect(run(['sgp', '--latents', latents, '--space', 'nb101', '--quiet']).done).rejects.toThrow('holds nb201 latents, not nb101');
    await expect(run(['sgp', '--latents', latents, '--space', 'nb301']).done).rejects.toThrow('--space must be one of enas6, nb101, nb201');
  });
});
