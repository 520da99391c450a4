import { OpnasError } from '@opnas/errors';

/**
 * The exit codes of every `opnas` command (documented in the CLI README): 0 success; 1 the
 * command ran and failed (bad data or file, an invalid architecture, a numerical error); 2 a
 * usage error (unknown command or option, a missing argument, a value outside its range or
 * choices, options that exclude each other); 130 / 143 stopped by SIGINT / SIGTERM.
 */
export const EXIT_CODES = { ok: 0, failure: 1, usage: 2, SIGINT: 130, SIGTERM: 143 } as const;

/** An error the CLI reports as one line on stderr, with exit code 1 (2 for usage errors: code `usage`, else `failure`). */
export class CliError extends OpnasError<'usage' | 'failure'> {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super('@opnas/cli', exitCode === 2 ? 'usage' : 'failure', message);
  }
}

/** Where a command writes; tests pass their own to capture output. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress bars), false for pipes and tests. */
  readonly isTty: boolean;
  /** Width of the terminal stderr writes to, when known; progress lines are cut to fit it. */
  readonly columns?: number | undefined;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stderr.isTTY),
  get columns() {
    return process.stderr.isTTY ? process.stderr.columns : undefined;
  },
};

/**
 * `line` cut to fit a terminal of `columns` (one column spare, so the cursor never wraps),
 * ending in `…` when cut; unchanged when the width is unknown.
 */
export function fitToColumns(line: string, columns: number | undefined): string {
  if (columns === undefined || !(columns > 1)) return line;
  const limit = columns - 1;
  const chars = [...line];
  return chars.length <= limit ? line : `${chars.slice(0, Math.max(limit - 1, 0)).join('')}…`;
}

/**
 * Rewrite the terminal's current progress line (`\r` … erase to the end), cut to its width;
 * `done` ends the line. Only for terminals: callers print whole lines to pipes.
 */
export function progressLine(io: CliIo, line: string, done = false): void {
  io.stderr(`\r${fitToColumns(line, io.columns)}\u001b[K${done ? '\n' : ''}`);
}

/** Print a result as pretty JSON (`--json`) or through the command's own text formatter. */
export function emit<T>(io: CliIo, json: boolean | undefined, value: T, text: (value: T) => string): void {
  io.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : `${text(value)}\n`);
}
