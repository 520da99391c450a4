import { resolveEnasDataPath } from '@opnas/enas-data';
import { writeLatents } from '@opnas/latents';
import { Command } from 'commander';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, type CliIo } from '../output.js';
import { registerPlotCommand, type PlotReport } from './plot.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const data = (await resolveEnasDataPath()).path;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opnas-plot-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ report: PlotReport; stderr: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), isTty: false };
  const program = new Command();
  program.exitOverride();
  program.configureOutput({ writeOut: () => {}, writeErr: (t) => void (err += t) });
  registerPlotCommand(program, io);
  await program.parseAsync([...args, '--json'], { from: 'user' });
  return { report: JSON.parse(out) as PlotReport, stderr: err };
}

const files = async (sub: string) => (await readdir(join(dir, sub))).sort();

describe('opnas plot', () => {
  it('losses: writes recon and KL figures with their data', async () => {
    const log = join(dir, 'train.jsonl');
    const lines = [1, 2, 3].flatMap((epoch) =>
      ['dvae', 'dvae-emb'].map((model) => JSON.stringify({ model, iteration: 1, epoch, total: 30 / epoch, recon: 25 / epoch, kl: 5 / epoch, lr: 1e-4, seconds: 10 })),
    );
    await writeFile(log, `${lines.join('\n')}\n`);
    const { report } = await run(['plot', 'losses', '--log', log, '--out', join(dir, 'losses')]);
    expect(report.figures.map((f) => f.name)).toEqual(['losses-recon', 'losses-kl']);
    expect(await files('losses')).toEqual([
      'losses-kl.csv',
      'losses-kl.json',
      'losses-kl.png',
      'losses-kl.svg',
      'losses-kl.vl.json',
      'losses-recon.csv',
      'losses-recon.json',
      'losses-recon.png',
      'losses-recon.svg',
      'losses-recon.vl.json',
    ]);
    expect((await readFile(join(dir, 'losses', 'losses-kl.csv'), 'utf8')).split('\n')[0]).toBe('model,iteration,epoch,step,kl');
  });

  it('losses --overlay-iterations: one line per iteration of a T × N run, over its own epochs', async () => {
    const log = join(dir, 'iterations.jsonl');
    const lines = [1, 2].flatMap((iteration) =>
      [1, 2].map((epoch) => JSON.stringify({ model: 'dvae-emb', iteration, epoch, total: 9, recon: 10 * iteration + epoch, kl: 1, lr: 1e-4, seconds: 10 })),
    );
    await writeFile(log, `${lines.join('\n')}\n`);
    await run(['plot', 'losses', '--log', log, '--out', join(dir, 'overlay'), '--overlay-iterations']);
    const csv = (await readFile(join(dir, 'overlay', 'losses-recon.csv'), 'utf8')).trim().split('\n').slice(1);
    expect(csv).toEqual(['dvae-emb (iteration 1),1,1,1,11', 'dvae-emb (iteration 1),1,2,2,12', 'dvae-emb (iteration 2),2,1,1,21', 'dvae-emb (iteration 2),2,2,2,22']);
  });

  it('losses: a bad log line is a one-line error naming the file and line', async () => {
    const log = join(dir, 'bad.jsonl');
    await writeFile(log, '{"model":"a","epoch":1,"recon":1,"kl":1}\n{"model":"a","epoch":2,"recon":"NaN","kl":1}\n');
    await expect(run(['plot', 'losses', '--log', log, '--out', join(dir, 'bad')])).rejects.toThrow(CliError);
    await expect(run(['plot', 'losses', '--log', log, '--out', join(dir, 'bad')])).rejects.toThrow(`plot losses: @opnas/viz: ${log} line 2: field "recon" must be a finite number`);
    await expect(run(['plot', 'losses', '--log', join(dir, 'missing.jsonl'), '--out', dir])).rejects.toThrow('cannot read');
  });

  it('groups: APL and clustering by performance group on the train split, r in the titles', async () => {
    const { report } = await run(['plot', 'groups', '--data', data, '--out', join(dir, 'groups')]);
    expect(report.figures.map((f) => f.name)).toEqual(['apl-by-group', 'clustering-by-group']);
    const svg = await readFile(join(dir, 'groups', 'apl-by-group.svg'), 'utf8');
    expect(svg).toContain('Pearson r = +0.321');
    expect(await readFile(join(dir, 'groups', 'clustering-by-group.svg'), 'utf8')).toContain('Pearson r = −0.397');
    const csv = (await readFile(join(dir, 'groups', 'apl-by-group.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(1 + 17118);
    expect(csv.filter((l) => l.startsWith('0.70,'))).toHaveLength(22);
  });

  it('tsne: embeds a latents file and writes the map with positions and accuracies', async () => {
    const split = (count: number, offset: number) => ({
      count,
      dim: 4,
      mu: Float32Array.from({ length: count * 4 }, (_, k) => Math.sin(k * 0.37 + offset) + (Math.floor(k / 4) % 3) * 2),
      accuracy: Float64Array.from({ length: count }, (_, i) => 0.7 + (i % 3) * 0.01),
      index: Int32Array.from({ length: count }, (_, i) => i + offset),
    });
    const file = join(dir, 'latents.safetensors');
    await writeLatents(file, { train: split(90, 0), test: split(40, 1000), metadata: { model: 'dvae-emb', epoch: '300', dataSha256: 'x' } });
    const { report, stderr } = await run(['plot', 'tsne', '--latents', file, '--out', join(dir, 'tsne'), '--split', 'test', '--perplexity', '5', '--iterations', '300']);
    expect(report.figures[0]!.name).toBe('tsne-test');
    expect(stderr).toContain('t-SNE of 40 test latents (4-d), 300 iterations');
    expect(stderr).toContain('iteration 300/300');
    const rows = JSON.parse(await readFile(join(dir, 'tsne', 'tsne-test.json'), 'utf8')) as { index: number; x: number; y: number; accuracy: number }[];
    expect(rows).toHaveLength(40);
    expect(rows[3]!.index).toBe(1003);
    expect(rows.every((r) => Number.isFinite(r.x) && Number.isFinite(r.y))).toBe(true);
    expect(await readFile(join(dir, 'tsne', 'tsne-test.svg'), 'utf8')).toContain('dvae-emb, epoch 300');
  });

  it('dags: draws flat strings with their accuracies from the dataset, and rejects a bad string', async () => {
    const best = '0 0 0 1 1 0 5 0 0 1 2 1 1 0 0 0 0 0 0 1 0';
    const { report } = await run(['plot', 'dags', best, '1 0 0 5 1 1 4 1 1 1 0 1 0 0 0 0 0 0 1 0 0', '--out', join(dir, 'dags'), '--data', data, '--columns', '2']);
    expect(report.figures[0]!.name).toBe('top-architectures');
    const rows = JSON.parse(await readFile(join(dir, 'dags', 'top-architectures.json'), 'utf8')) as { flat: string; accuracy: number | null }[];
    expect(rows.map((r) => r.flat)).toEqual([best, '1 0 0 5 1 1 4 1 1 1 0 1 0 0 0 0 0 0 1 0 0']);
    // The second is protocol §1.1's example line (accuracy 0.7322).
    expect(rows[1]!.accuracy).toBe(0.7322);
    await expect(run(['plot', 'dags', '0 1', '--out', join(dir, 'dags')])).rejects.toThrow('plot dags: architecture 1 ("0 1")');
  });

  it('bo: one curve per arm from a JSON-lines log', async () => {
    const log = join(dir, 'bo.jsonl');
    const lines = ['dvae-emb', 'random'].flatMap((arm, a) =>
      [1, 2].flatMap((seed) => [1, 2, 3].map((round) => JSON.stringify({ arm, seed, round, bestSoFar: 0.73 + 0.002 * round * (2 - a) + 0.0005 * seed }))),
    );
    await writeFile(log, lines.join('\n'));
    const { report } = await run(['plot', 'bo', '--log', log, '--out', join(dir, 'bo')]);
    expect(Object.keys(report.figures[0]!.files).sort()).toEqual(['csv', 'json', 'png', 'spec', 'svg']);
    expect((await readFile(join(dir, 'bo', 'bo-best-so-far.csv'), 'utf8')).split('\n')).toHaveLength(1 + 12 + 1);
  });

  it('--run DIR reads the run folder’s files, and exactly one source is required', async () => {
    const runDir = join(dir, 'run-a');
    await mkdir(runDir, { recursive: true });
    const epochs = [1, 2].map((epoch) => JSON.stringify({ model: 'dvae', iteration: 1, epoch, total: 3, recon: 2, kl: 1, lr: 1e-4, seconds: 1 }));
    await writeFile(join(runDir, 'train-log.jsonl'), `${epochs.join('\n')}\n`);
    await writeFile(join(runDir, 'bo-curves.jsonl'), [1, 2].map((round) => JSON.stringify({ arm: 'bo', seed: 1, round, bestSoFar: 0.74 })).join('\n'));
    const losses = await run(['plot', 'losses', '--run', runDir, '--out', join(dir, 'run-losses')]);
    expect(losses.report.figures.map((f) => f.name)).toEqual(['losses-recon', 'losses-kl']);
    const bo = await run(['plot', 'bo', '--run', runDir, '--out', join(dir, 'run-bo')]);
    expect(bo.report.figures[0]!.name).toBe('bo-best-so-far');
    await expect(run(['plot', 'losses', '--out', dir])).rejects.toThrow('plot losses: give --log FILE... or --run DIR...');
    await expect(run(['plot', 'tsne', '--out', dir])).rejects.toThrow('plot tsne: give exactly one of --latents FILE and --run DIR');
    await expect(run(['plot', 'tsne', '--run', runDir, '--out', dir])).rejects.toThrow(/latents\.safetensors/);
  });
});
