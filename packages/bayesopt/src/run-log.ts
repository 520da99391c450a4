import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { BayesOptLogError } from './errors.js';

/** The first line every opnas run log starts with. */
export interface RunLogHeaderBase {
  readonly type: 'header';
  readonly format: string;
  readonly version: number;
}

/** What a kind of run log looks like, for {@link readRunLog}. */
export interface RunLogFormat {
  /** Names the package in error messages, e.g. '@opnas/bayesopt'. */
  readonly owner: string;
  /** The header's `format`, e.g. 'opnas-bo-log'. */
  readonly format: string;
  /** The one supported `version`. */
  readonly version: number;
  /** How errors name the log, e.g. 'BO' ("line 1 is not an opnas BO log header"). */
  readonly title: string;
  /** How errors name a record, e.g. 'round record'. */
  readonly recordName: string;
  /** True when a parsed line is a well-formed record. */
  readonly isRecord: (value: unknown) => boolean;
}

/**
 * Read a JSON-lines run log (a header line, then one record per line); null when the file does
 * not exist. Errors name the file and line. Shared by the BO loop and the search baselines
 * (`@opnas/search`), so every run log of the project reads, writes and resumes the same way.
 */
export async function readRunLog<H extends RunLogHeaderBase, R>(path: string, f: RunLogFormat): Promise<{ header: H; records: R[] } | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const where = `${f.owner}: ${path}`;
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  const parse = (line: string, i: number): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new BayesOptLogError(`${where}: line ${i + 1} is not JSON`);
    }
  };
  if (lines.length === 0) throw new BayesOptLogError(`${where}: the log is empty`);
  const header = parse(lines[0]!, 0) as H;
  if (header?.type !== 'header' || header.format !== f.format) throw new BayesOptLogError(`${where}: line 1 is not an opnas ${f.title} log header`);
  if (header.version !== f.version) throw new BayesOptLogError(`${where}: log version ${String(header.version)} is not supported (expected ${f.version})`);
  const records = lines.slice(1).map((line, i) => {
    const r = parse(line, i + 1);
    if (!f.isRecord(r)) throw new BayesOptLogError(`${where}: line ${i + 2} is not a ${f.recordName}`);
    return r as R;
  });
  return { header, records };
}

/**
 * Write the whole log atomically (temp file + rename): a run killed at any moment leaves either
 * the previous complete log or the new one, never a torn line. The caller passes the records in
 * their canonical order, so a resumed run's log is byte-identical to an uninterrupted one.
 */
export async function writeRunLog(path: string, header: RunLogHeaderBase, records: readonly unknown[]): Promise<void> {
  // The log's folder is made if it is missing; a failure names the log, not the temporary file.
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, [header, ...records].map((r) => JSON.stringify(r)).join('\n') + '\n');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new BayesOptLogError(`@opnas/bayesopt: cannot write the run log ${path} (${code})`);
  }
}
