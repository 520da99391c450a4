import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLatents } from '@opnas/latents';
import { NB201, enumerateNb201 } from '@opnas/spaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRunner } from '../cli-io.test-util.js';
import { registerEvalCommand } from './eval.js';
import { registerTrainCommand } from './train.js';

const run = commandRunner(registerTrainCommand, registerEvalCommand);
const tiny = ['--hidden', '8', '--latent', '4', '--batch', '32', '--workers', '1', '--epochs', '1'];

describe('opnas train / eval --space', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opnas-space-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains on NB201 cells (the 90 % split of all 15,625) and evaluates with NB201 rules', async () => {
    const runDir = join(dir, 'nb201');
    const r = run(['train', '--model', 'dvae', '--space', 'nb201', '--subset', '64', ...tiny, '--out', runDir]);
    await r.done;
    expect(r.errors()).toMatch(/training dvae on 64 nb201 cells/);
    expect(r.errors()).toMatch(/no latents.safetensors: the nb201 cells have no labels/);
    const config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as {
      modelOptions: { vocabulary: { names: string[] }; maxVertices: number };
      data: { source: Record<string, unknown> };
    };
    expect(config.modelOptions.vocabulary.names).toEqual(NB201.vocabulary.names);
    expect(config.modelOptions.maxVertices).toBe(8);
    expect(config.data.source).toMatchObject({ space: 'nb201', subset: 64 });
    const e = run(['eval', '--run', runDir, '--decodings', '1', '--points', '10', '--workers', '1', '--json']);
    await e.done;
    const metrics = JSON.parse(e.output()) as Record<string, number>;
    for (const v of Object.values(metrics)) expect(Number.isFinite(v)).toBe(true);
    // no trailing vertex-count rule in NB201: both validities apply every rule
    expect(metrics['validity']).toBe(metrics['validity8']);
    const saved = JSON.parse(readFileSync(join(runDir, 'evaluation.json'), 'utf8')) as { reconstruction: { decodings: number } };
    expect(saved.reconstruction.decodings).toBe(1_563); // the 10 % test split of 15,625, one decoding each
  }, 240_000);

  it('trains on the cells of a labels file and writes latents with their labels', async () => {
    const labels = join(dir, 'labels.txt');
    const cells = enumerateNb201().slice(0, 40);
    writeFileSync(labels, `# synthetic labels\n${cells.map((c, i) => `${NB201.format(c)} ${(i / 40).toFixed(3)}`).join('\n')}\n`);
    const runDir = join(dir, 'labelled');
    await run(['train', '--model', 'dvae', '--space', 'nb201', '--labels', labels, ...tiny, '--out', runDir]).done;
    const latents = await readLatents(join(runDir, 'latents.safetensors'));
    expect([latents.train.count, latents.test.count]).toEqual([36, 4]);
    const all = [...latents.train.accuracy, ...latents.test.accuracy].sort((a, b) => a - b);
    expect(all).toEqual(cells.map((_, i) => Number((i / 40).toFixed(3))));
  }, 240_000);

  it('trains on sampled NB101 cells and resumes on the same cells', async () => {
    const runDir = join(dir, 'nb101');
    await run(['train', '--model', 'dvae-emb', '--iterations', '1', '--space', 'nb101', '--cells', '60', ...tiny, '--out', runDir]).done;
    const config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as {
      modelOptions: { maxVertices: number };
      data: { count: number; source: Record<string, unknown> };
    };
    expect(config.modelOptions.maxVertices).toBe(7);
    expect(config.data).toMatchObject({ count: 54, source: { space: 'nb101', cells: 60 } });
    const r = run(['train', '--out', runDir, '--resume', '--epochs', '2', '--workers', '1']);
    await r.done;
    expect(r.output()).toMatch(/trained dvae-emb: iteration 1, epoch 2/);
  }, 240_000);

  it('refuses options that do not fit the space', async () => {
    await expect(run(['train', '--model', 'dvae', '--space', 'nb999']).done).rejects.toThrow(/--space must be one of enas6, nb101, nb201/);
    await expect(run(['train', '--model', 'dvae', '--space', 'nb201', '--cells', '9', '--out', join(dir, 'x')]).done).rejects.toThrow(/nb201 trains on all 15,625 cells/);
    await expect(run(['train', '--model', 'dvae', '--cells', '9', '--out', join(dir, 'y')]).done).rejects.toThrow(/--cells and --labels are for --space nb101 or nb201/);
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '|none~0|+ 0.5\n');
    await expect(run(['train', '--model', 'dvae', '--space', 'nb201', '--labels', bad, ...tiny, '--out', join(dir, 'z')]).done).rejects.toThrow(
      /--labels: @opnas\/spaces: .*bad.txt: line 1: /,
    );
  });
});
