import { CommanderError } from 'commander';
import { CliError, type CliIo, EXIT_CODES, processIo } from './output.js';
import { createProgram } from './program.js';

/**
 * Run the CLI and return its exit code. Errors become one line on stderr: the first line of
 * the message (multi-line parse reports are summarised), never a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = createProgram(io);
  program.exitOverride();
  for (const command of program.commands) exitOverrideDeep(command);
  // Commands report a failing verdict (e.g. `dag check` on an invalid graph) through
  // process.exitCode; read it and restore the caller's value so runs do not leak into each other.
  const outer = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed its message (or the help/version text). Every error of its
      // own is about the command line (unknown option, missing argument, bad value): usage, 2.
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    const [first, ...rest] = message.split('\n');
    io.stderr(`opnas: ${first}${rest.length > 0 ? ` (and ${rest.length} more lines)` : ''}\n`);
    return error instanceof CliError ? error.exitCode : EXIT_CODES.failure;
  } finally {
    process.exitCode = outer;
  }
}

function exitOverrideDeep(command: import('commander').Command): void {
  command.exitOverride();
  for (const sub of command.commands) exitOverrideDeep(sub);
}
