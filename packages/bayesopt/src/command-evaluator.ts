import { nonNegativeInteger, positiveInteger } from '@opnas/errors';
import { execFile } from 'node:child_process';
import { BayesOptArgumentError, invalidArgument } from './errors.js';
import type { Evaluation, Evaluator } from './evaluator.js';

/** Options of {@link commandEvaluator}. */
export interface CommandEvaluatorOptions {
  /** Arguments placed before the flat string. Default none. */
  readonly args?: readonly string[];
  /** Per-run time limit in milliseconds (the process is killed). Default 24 h. */
  readonly timeoutMs?: number;
  /** Architectures evaluated at once. Default 1 (one GPU, one job). */
  readonly concurrency?: number;
  /** Extra tries after a failure. Default 1. */
  readonly retries?: number;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Called after each finished try, e.g. to print progress. */
  readonly onResult?: (result: CommandRunResult) => void;
}

/** One try of the command on one architecture. */
export interface CommandRunResult {
  readonly flat: string;
  readonly attempt: number;
  readonly ok: boolean;
  readonly accuracy?: number;
  readonly reason?: string;
  readonly seconds: number;
}

/** Accuracy on the last non-empty line of stdout: a number in [0, 1], optionally with surrounding spaces. */
export function parseAccuracy(stdout: string): number | string {
  const lines = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const last = lines.at(-1);
  if (last === undefined) return 'printed nothing on stdout';
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(last)) return `stdout's last line is not a number: ${JSON.stringify(last.slice(0, 80))}`;
  const value = Number(last);
  if (!(value >= 0 && value <= 1)) return `stdout's last line ${last} is not an accuracy in [0, 1]`;
  return value;
}

/**
 * Runs a user's executable once per architecture — `command ...args FLAT` through `execFile`, never
 * a shell, so the flat string cannot be interpreted — and reads the accuracy from the last line of
 * its stdout. A run that exits non-zero, times out, cannot start or prints anything but an
 * accuracy in [0, 1] is a failure; each failure is retried once (by default) and then recorded
 * with its reason. At most `concurrency` runs at a time.
 *
 * This is how real training (CIFAR-10, the ENAS supernet on a GPU box) plugs in, and how a
 * cluster does: the command can be a script that submits one job (`srun …`, or `kubectl create
 * job` + `kubectl wait`) and prints the job's accuracy when it finishes — see the README.
 */
export function commandEvaluator(command: string, options: CommandEvaluatorOptions = {}): Evaluator {
  if (typeof command !== 'string' || command.length === 0) throw new BayesOptArgumentError('@opnas/bayesopt: command must be a non-empty path', 'command');
  const timeout = options.timeoutMs ?? 24 * 3600 * 1000;
  const concurrency = options.concurrency ?? 1;
  const retries = options.retries ?? 1;
  positiveInteger(concurrency, 'concurrency', invalidArgument);
  nonNegativeInteger(retries, 'retries', invalidArgument);
  if (!(timeout > 0)) throw new BayesOptArgumentError(`@opnas/bayesopt: timeoutMs must be positive, got ${timeout}`, 'timeoutMs');
  const args = options.args ?? [];

  const runOnce = (flat: string, attempt: number, signal?: AbortSignal): Promise<CommandRunResult> =>
    new Promise((resolve) => {
      const started = performance.now();
      const done = (ok: boolean, value: { accuracy?: number; reason?: string }) => {
        const result: CommandRunResult = { flat, attempt, ok, ...value, seconds: (performance.now() - started) / 1000 };
        options.onResult?.(result);
        resolve(result);
      };
      execFile(
        command,
        [...args, flat],
        {
          timeout,
          killSignal: 'SIGKILL',
          maxBuffer: 16 * 1024 * 1024,
          windowsHide: true,
          ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
          ...(options.env === undefined ? {} : { env: options.env }),
          ...(signal === undefined ? {} : { signal }),
        },
        (error, stdout, stderr) => {
          if (error) {
            const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string; signal?: string };
            const tail = String(stderr).trim().split(/\r?\n/).slice(-3).join(' | ').slice(0, 300);
            let reason: string;
            if (e.killed && e.signal === 'SIGKILL' && !signal?.aborted) reason = `timed out after ${timeout} ms`;
            else if (typeof e.code === 'string') reason = `could not run ${command}: ${e.code}`;
            else if (signal?.aborted) reason = 'aborted';
            else reason = `exited with ${e.code ?? e.signal}${tail ? `: ${tail}` : ''}`;
            done(false, { reason });
            return;
          }
          const parsed = parseAccuracy(String(stdout));
          if (typeof parsed === 'number') done(true, { accuracy: parsed });
          else done(false, { reason: parsed });
        },
      );
    });

  return {
    kind: 'command',
    label: `accuracy reported by ${command}`,
    surrogate: false,
    async evaluate(flats, callOptions = {}) {
      const out = new Array<Evaluation>(flats.length);
      let next = 0;
      const worker = async () => {
        while (next < flats.length) {
          const i = next++;
          const flat = flats[i]!;
          let last: CommandRunResult | undefined;
          for (let attempt = 1; attempt <= 1 + retries; attempt++) {
            callOptions.signal?.throwIfAborted();
            last = await runOnce(flat, attempt, callOptions.signal);
            if (last.ok) break;
          }
          callOptions.signal?.throwIfAborted();
          out[i] = last!.ok
            ? { flat, status: 'scored', accuracy: last!.accuracy!, source: 'command' }
            : { flat, status: 'failed', reason: `${last!.reason} (after ${1 + retries} tries)`, source: 'command' };
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, flats.length) }, worker));
      return out;
    },
  };
}
