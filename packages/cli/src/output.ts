import { OpnasError } from '@opnas/errors';

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
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stderr.isTTY),
};

/** Print a result as pretty JSON (`--json`) or through the command's own text formatter. */
export function emit<T>(io: CliIo, json: boolean | undefined, value: T, text: (value: T) => string): void {
  io.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : `${text(value)}\n`);
}
