import { type CliIo, runCli } from '@opnas/cli';

/**
 * Runs one `opnas` command in this process and returns what it printed with `--json`. The heavy
 * stages go through the command line on purpose: every number in the report is one a user can
 * re-derive with the command it names (the report lists them), and the commands already own
 * resuming, progress and one-line errors.
 */
export async function opnas<T>(args: readonly string[], log: (line: string) => void): Promise<T> {
  let stdout = '';
  let pending = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    // Progress lines pass through, prefixed with the command, one line at a time.
    stderr: (text) => {
      pending += text.replace(/\r/g, '\n');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line.trim() !== '') log(`  ${args[0]}: ${line.replace(/\u001b\[K/g, '').trim()}`);
    },
    isTty: false,
  };
  const code = await runCli([...args, '--json'], io);
  if (pending.trim() !== '') log(`  ${args[0]}: ${pending.trim()}`);
  if (code === 130) throw new Error(`stopped during opnas ${args[0]}; run the same command again to continue where it stopped`);
  if (code !== 0) throw new Error(`opnas ${args.join(' ')} failed with exit code ${code} (see the lines above)`);
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new Error(`opnas ${args.join(' ')} printed no JSON: ${stdout.slice(0, 200)}`);
  }
}

/** The command line a user would type for the same step (for the report). */
export const commandLine = (args: readonly string[]): string =>
  `opnas ${args.map((a) => (/^[\w./@:=,-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ')}`;
