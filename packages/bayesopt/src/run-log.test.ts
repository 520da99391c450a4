import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BayesOptLogError } from './errors.js';
import { readRunLog, writeRunLog } from './run-log.js';

const scratch = await mkdtemp(join(tmpdir(), 'opnas-run-log-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const format = {
  owner: '@opnas/test',
  format: 'opnas-test-log',
  version: 1,
  title: 'test',
  recordName: 'record',
  isRecord: (v: unknown) => typeof v === 'object' && v !== null && 'n' in v,
};
const header = { type: 'header', format: 'opnas-test-log', version: 1 } as const;

describe('writeRunLog', () => {
  it('makes a missing folder and writes a header line and one line per record', async () => {
    const path = join(scratch, 'nested', 'deeper', 'run.jsonl');
    await writeRunLog(path, header, [{ n: 1 }, { n: 2 }]);
    expect(await readFile(path, 'utf8')).toBe('{"type":"header","format":"opnas-test-log","version":1}\n{"n":1}\n{"n":2}\n');
    expect(await readRunLog(path, format)).toEqual({ header, records: [{ n: 1 }, { n: 2 }] });
  });

  it('names the log, not a temporary file, when it cannot write', async () => {
    const blocker = join(scratch, 'a-file');
    await writeFile(blocker, 'not a folder');
    const path = join(blocker, 'run.jsonl');
    const write = writeRunLog(path, header, []);
    await expect(write).rejects.toThrow(BayesOptLogError);
    await expect(write).rejects.toThrow(`@opnas/bayesopt: cannot write the run log ${path} (`);
  });
});
