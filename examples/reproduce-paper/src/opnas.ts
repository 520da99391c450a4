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
  if (code === 130 || code === 143) throw new Error(`stopped during opnas ${args[0]}; run the same command again to continue where it stopped`);
  if (code !== 0) throw new Error(`opnas ${args.join(' ')} failed with exit code ${code} (see the lines above)`);
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new Error(`opnas ${args.join(' ')} printed no JSON: ${stdout.slice(0, 200)}`);
  }
}

/** One shell word, quoted only when it needs to be. */
export const shellQuote = (word: string): string => (/^[\w./@:=,-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);

/** The words of a command line written by {@link commandLine} (plain words and '…' quoting). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)) words.push(m[1] === undefined ? m[2]! : m[1].replace(/'\\''/g, "'"));
  return words;
}

/**
 * The command line a user would type for the same step (for the report). Stages write it with
 * two placeholders the report replaces by the real locations (`runnableCommand` in report.ts):
 * `runs/<model>` for the model's training run (and `runs/<model>/…` below it), and
 * `final_structures6.txt` as the value of `--data`.
 */
export const commandLine = (args: readonly string[]): string => `opnas ${args.map(shellQuote).join(' ')}`;
