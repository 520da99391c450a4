import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const fixture = join(here, 'train-child.test-fixture.ts');
const root = resolve(here, '../../..');

/** How a training session in a child process ended. */
export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one training session (train-child.test-fixture.ts) in a child process (tsx, sources), with an optional fault. */
export function trainingSession(args: Record<string, unknown>, fault?: string): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const env = { ...process.env };
    if (fault === undefined) delete env['OPNAS_TRAIN_FAULT'];
    else env['OPNAS_TRAIN_FAULT'] = fault;
    const child = spawn(process.execPath, ['--conditions=@opnas/source', '--import', 'tsx', fixture, JSON.stringify(args)], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

/** What must be identical between an interrupted and an uninterrupted run: final weights and the log without wall times. */
export async function runOutcome(runDir: string) {
  const weights = await readFile(join(runDir, 'model.safetensors'));
  const log = (await readFile(join(runDir, 'train-log.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => {
      const { seconds: _seconds, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    });
  return { weights, log };
}
