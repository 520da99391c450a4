/**
 * The reduced-scale verification run of the paper's VAE protocol (issue 5): `dvae` and
 * `dvae-emb` trained through `opnas train` at hidden size 128 (the paper's other settings: nz 56,
 * batch 32, Adam 1e-4, ReduceLROnPlateau, full training split) and evaluated through
 * `opnas eval` (protocol §5 in full). `dvae` trains `--epochs` epochs; `dvae-emb` runs the T × N
 * scheme with `--iterations` iterations of the same `--epochs`, so every final model has trained
 * the same number of epochs from a fresh initialisation, as in the paper (which gives 4 × 300
 * against 300). Re-running continues an interrupted run (`--resume`).
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/verify-run.ts \
 *     [--root /work/runs] [--hidden 128] [--epochs 120] [--iterations 2] [--workers 2] [--data PATH]
 *
 * Writes <root>/verify-<model>/ (run directories) and <root>/verify-summary.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@opnas/cli';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(option('root', '/work/runs'));
const hidden = option('hidden', '128');
const epochs = option('epochs', '120');
const iterations = option('iterations', '2');
const workers = option('workers', '2');
const data = option('data', process.env['OPNAS_ENAS_DATA'] ?? resolve(here, '../../shared/data/enas/final_structures6.txt'));

async function cli(args: string[]): Promise<void> {
  process.stderr.write(
    `\n$ opnas ${args.join(' ')}   (load ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}, ${new Date().toISOString()})\n`,
  );
  const code = await runCli(args);
  if (code !== 0) throw new Error(`opnas ${args[0]} failed with exit code ${code}`);
}

const models = ['dvae', 'dvae-emb'] as const;
const started = Date.now();
for (const model of models) {
  const out = join(root, `verify-${model}`);
  const resume = existsSync(join(out, 'config.json'));
  const done = existsSync(join(out, 'model.safetensors'));
  if (!done) {
    await cli([
      'train',
      '--model',
      model,
      '--hidden',
      hidden,
      '--epochs',
      epochs,
      '--workers',
      workers,
      '--data',
      data,
      '--out',
      out,
      ...(model === 'dvae-emb' ? ['--iterations', iterations] : []),
      ...(resume ? ['--resume'] : []),
    ]);
  }
  if (!existsSync(join(out, 'evaluation.json'))) await cli(['eval', '--run', out, '--workers', workers, '--data', data, '--json']);
}

interface LogLine {
  iteration: number;
  epoch: number;
  total: number;
  recon: number;
  kl: number;
  lr: number;
  seconds: number;
}
const summary: Record<string, unknown> = {
  settings: { hidden: Number(hidden), latent: 56, epochs: Number(epochs), iterations: { dvae: 1, 'dvae-emb': Number(iterations) }, workers: Number(workers), batch: 32, data },
  finished: new Date().toISOString(),
  wallMinutesThisSession: (Date.now() - started) / 60_000,
};
for (const model of models) {
  const out = join(root, `verify-${model}`);
  const log = readFileSync(join(out, 'train-log.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LogLine);
  const evaluation = JSON.parse(readFileSync(join(out, 'evaluation.json'), 'utf8')) as { metrics: Record<string, number> };
  const byIteration: Record<string, Record<string, number>> = {};
  for (const e of log) {
    if (e.epoch === 1 || e.epoch % 10 === 0 || e.epoch === Number(epochs)) (byIteration[`iteration ${e.iteration}`] ??= {})[`epoch ${e.epoch}`] = Number(e.recon.toFixed(4));
  }
  const last = log.at(-1)!;
  summary[model] = {
    metrics: evaluation.metrics,
    trainingMinutes: log.reduce((s, e) => s + e.seconds, 0) / 60,
    last: { iteration: last.iteration, epoch: last.epoch, recon: last.recon, kl: last.kl, lr: last.lr },
    reconPerGraphByEpoch: byIteration,
  };
}
writeFileSync(join(root, 'verify-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
process.stderr.write(`\nwrote ${join(root, 'verify-summary.json')}\n`);
