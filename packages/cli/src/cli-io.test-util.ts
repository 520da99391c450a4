import { resolveEnasDataPath } from '@opnas/enas-data';
import { Command } from 'commander';
import type { CliIo } from './output.js';

/** The ENAS file the tests read, found as every opnas entry point finds it (`resolveEnasDataPath`). */
export const TEST_DATA = (await resolveEnasDataPath()).path;

/** A CliIo that records what a command prints. */
export function captureIo(isTty = false): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    isTty,
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}

/** One command-line invocation under test: its completion and what it printed so far. */
export interface CommandRun {
  readonly done: Promise<Command>;
  output(): string;
  errors(): string;
}

/**
 * A runner for the commands `register` adds: each call builds a fresh program (commander's
 * errors thrown, not exiting), parses `args` as user arguments and captures stdout and stderr,
 * commander's own messages included.
 */
export function commandRunner(...register: ((program: Command, io: CliIo) => void)[]): (args: string[], isTty?: boolean) => CommandRun {
  return (args, isTty = false) => {
    const io = captureIo(isTty);
    const program = new Command();
    program.exitOverride();
    program.configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t) });
    for (const add of register) add(program, io);
    return { done: program.parseAsync(args, { from: 'user' }), output: () => io.out, errors: () => io.err };
  };
}
