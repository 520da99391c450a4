import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BatchProgress } from '@opnas/train';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DATA, captureIo } from './cli-io.test-util.js';
import { formatBatchProgress } from './commands/train.js';
import { type CliIo, EXIT_CODES, fitToColumns } from './output.js';
import { createProgram } from './program.js';
import { runCli } from './run.js';

// The conventions every `opnas` command follows (the CLI README's "Conventions" section).
const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const bin = ['--conditions=@opnas/source', '--import', 'tsx', join(repo, 'packages/cli/src/bin.ts')];
const BEST = '3 3 0 2 0 1 3 1 0 0 3 1 0 1 0 3 0 0 1 1 0';
const scratch = mkdtempSync(join(tmpdir(), 'opnas-conventions-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every command that does something (leaves of the command tree), as argument paths. */
function leafCommands(command: Command = createProgram(captureIo()), path: string[] = []): string[][] {
  if (command.commands.length === 0) return [path];
  return command.commands.flatMap((sub) => leafCommands(sub, [...path, sub.name()]));
}

/** A terminal of the given width that records what a command prints. */
function terminal(columns: number): CliIo & { out: string; err: string } {
  return Object.assign(captureIo(true), { columns });
}

/** The lines a terminal shows: stderr split at carriage returns and newlines, escapes removed. */
const shownLines = (err: string) =>
  err
    .split(/[\r\n]/)
    .map((l) => l.replaceAll('\u001b[K', ''))
    .filter((l) => l !== '');

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function finished(child: ChildProcess): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('close', (code, signal) => done({ code, signal, stdout, stderr })));
}

describe('progress lines fit the terminal', () => {
  const p: BatchProgress = {
    iteration: 2,
    iterations: 4,
    epoch: 3,
    epochs: 300,
    batch: 100,
    batches: 535,
    graphs: 3200,
    loss: 40_000,
    recon: 39_680,
    kld: 64_000,
    lr: 1e-4,
    seconds: 20,
  };

  it.each([80, 40])('training progress at %i columns', (columns) => {
    const line = formatBatchProgress(p, true, columns);
    expect(line.length).toBeLessThanOrEqual(columns - 1);
    expect(line).toMatch(/^it 2\/4 epoch 3\/300 /);
    if (columns === 80) expect(line).toMatch(/\[#+\.+\] 100\/535 loss 12\.500 recon 12\.400 kl 20\.000/);
  });

  it('keeps the full line (24-cell bar) when the width is unknown or wide', () => {
    expect(formatBatchProgress(p, true)).toBe(formatBatchProgress(p, true, 400));
    expect(formatBatchProgress(p, true)).toContain('[####....................] 100/535');
  });

  it('cuts any line to the width with an ellipsis', () => {
    expect(fitToColumns('x'.repeat(100), 40)).toBe(`${'x'.repeat(38)}…`);
    expect(fitToColumns('short', 40)).toBe('short');
    expect(fitToColumns('x'.repeat(100), undefined)).toHaveLength(100);
  });

  it.each([80, 40])('opnas train on a %i-column terminal never writes a line wider than it', async (columns) => {
    const io = terminal(columns);
    const args = ['train', '--model', 'dvae', '--epochs', '2', '--hidden', '8', '--latent', '4', '--subset', '16', '--batch', '4'];
    const code = await runCli([...args, '--workers', '1', '--data', TEST_DATA, '--out', join(scratch, `tty-${columns}`), '--no-latents'], io);
    expect(code).toBe(0);
    const lines = shownLines(io.err);
    expect(lines.some((l) => /^epoch 2/.test(l))).toBe(true);
    // Only what is rewritten in place (the progress) must fit; messages are whole lines.
    const progress = io.err
      .split('\r')
      .slice(1)
      .map((s) => s.split('\u001b[K')[0]!);
    expect(progress.length).toBeGreaterThan(4);
    for (const line of progress) expect(line.length, line).toBeLessThanOrEqual(columns - 1);
  });
});

describe('exit codes', () => {
  it('are 0 ok, 1 failure, 2 usage, 130/143 interrupted', () => {
    expect(EXIT_CODES).toEqual({ ok: 0, failure: 1, usage: 2, SIGINT: 130, SIGTERM: 143 });
  });

  const leaves = leafCommands();

  it('finds every command', () => {
    expect(leaves.map((l) => l.join(' '))).toEqual(expect.arrayContaining(['data info', 'dag check', 'train', 'eval', 'encode', 'stats', 'plot tsne', 'sgp', 'bo']));
  });

  it.each(leaves.map((l) => [l.join(' '), l] as const))('%s: --help is 0, an unknown option is 2', async (_, path) => {
    expect(await runCli([...path, '--help'], captureIo())).toBe(0);
    const io = captureIo();
    expect(await runCli([...path, '--no-such-option'], io)).toBe(2);
    // Commands with a required option report that one first; either way it is a usage error.
    expect(io.err).toMatch(/unknown option '--no-such-option'|required option/);
  });

  it('2 for usage errors of every kind', async () => {
    for (const argv of [
      [],
      ['nope'],
      ['dag', 'check'],
      ['dag', 'check', BEST, 'extra'],
      ['data', 'split', '--head', '0'],
      ['dag', 'draw', BEST, '--format', 'png'],
      ['train', '--model', 'nope'],
      ['plot', 'losses', '--out', scratch],
    ]) {
      expect(await runCli(argv, captureIo()), argv.join(' ')).toBe(2);
    }
    expect(await runCli(['--version'], captureIo())).toBe(0);
  });

  it('1 when the command runs and fails', async () => {
    expect(await runCli(['data', 'info', '--data', '/no/such/file.txt'], captureIo())).toBe(1);
    expect(await runCli(['dag', 'check', '1 0 0'], captureIo())).toBe(1);
    expect(await runCli(['dag', 'draw', '1 2'], captureIo())).toBe(1);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('opnas train stopped by %s checkpoints and exits with %i', async (signal, expected) => {
    const out = join(scratch, `signal-${signal}`);
    const args = ['train', '--model', 'dvae', '--epochs', '300', '--hidden', '8', '--latent', '4', '--subset', '64', '--batch', '4', '--workers', '1'];
    const child = spawn(process.execPath, [...bin, ...args, '--data', TEST_DATA, '--out', out, '--no-latents'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    const result = finished(child);
    // Signal once training has started (the first epoch line), so the handler is installed.
    await new Promise<void>((started) => {
      let seen = '';
      child.stderr!.on('data', (d: Buffer) => {
        seen += d.toString();
        if (/epoch 1: loss/.test(seen)) started();
      });
    });
    child.kill(signal);
    const r = await result;
    expect(r.stderr).toContain(`${signal}: stopping after the current batch`);
    expect(r.stdout).toMatch(/stopped dvae/);
    expect(r.code).toBe(expected);
    expect(readdirSync(join(out, 'checkpoint'))).toContain('checkpoint.safetensors');
  });
});

describe('pipes', () => {
  it('`opnas data split --head 17000 --json | head -2` ends quietly with code 0 (EPIPE)', async () => {
    const script = `node ${bin.map((a) => `'${a}'`).join(' ')} data split --head 17000 --json | head -2; exit "\${PIPESTATUS[0]}"`;
    const r = await finished(spawn('bash', ['-c', script], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] }));
    expect(r.stdout).toBe('{\n  "trainHead": [\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('arguments', () => {
  it('takes a dash-leading flat string as the argument, positionally or after --', async () => {
    for (const argv of [
      ['dag', 'check', '-1 0 0'],
      ['dag', 'check', '--', '-1 0 0'],
      ['dag', 'check', '--json', '-1 0 0'],
    ]) {
      const io = captureIo();
      expect(await runCli(argv, io), argv.join(' ')).toBe(1);
      expect(io.err).toBe('');
      expect(io.out).toMatch(/layer 0: op must be an integer in 0\.\.5, found -1/);
    }
    const io = captureIo();
    expect(await runCli(['dag', 'draw', '--title', '-a title-', BEST], io)).toBe(0);
    expect(io.out).toContain('-a title-');
  });

  it('dag draw --out names the path the user gave when it cannot write', async () => {
    const io = captureIo();
    expect(await runCli(['dag', 'draw', BEST, '--out', '/nodir/x.svg'], io)).toBe(1);
    expect(io.err).toBe('opnas: dag draw: cannot write /nodir/x.svg: no folder /nodir\n');
  });
});

describe('--help', () => {
  it('writes every default one way, (default: value)', () => {
    const program = createProgram(captureIo());
    const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
    const defaults: string[] = [];
    for (const command of all(program)) {
      const help = command.helpInformation().replace(/\s*\n\s*/g, ' ');
      for (const m of help.matchAll(/\(default\b[^)]*\)?/g)) defaults.push(m[0]);
    }
    expect(defaults.length).toBeGreaterThan(30);
    for (const d of defaults) expect(d, d).toMatch(/^\(default: [^"]/);
  });

  it('the CLI README lists every command', () => {
    const readme = readFileSync(join(repo, 'packages/cli/README.md'), 'utf8');
    for (const path of leafCommands()) expect(readme, path.join(' ')).toContain(`\`opnas ${path.join(' ')}`);
  });
});
