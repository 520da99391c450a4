import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs vitest on small fixture files (passing, failing, skipped, failing to import, failing in a
// hook) in a child process and checks the plain closing line against vitest's own summary lines.
const here = fileURLToPath(new URL('.', import.meta.url));
const vitest = join(here, '../node_modules/vitest/vitest.mjs');

/** vitest's "Test Files" / "Tests" line parsed into its labelled counts. */
function vitestCounts(output: string, title: string): Record<string, number> {
  const line = output.split('\n').find((l) => l.trimStart().startsWith(`${title} `));
  if (line === undefined) throw new Error(`no "${title}" line in vitest's output`);
  const counts: Record<string, number> = {};
  for (const m of line.matchAll(/(\d+) (passed|failed|expected fail|skipped|todo)/g)) counts[m[2]!] = Number(m[1]);
  return counts;
}

describe('the plain summary line', () => {
  const run = spawnSync(process.execPath, [vitest, 'run', '--config', join(here, 'fixtures/summary/vitest.config.ts')], {
    cwd: join(here, '..'),
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true' },
    timeout: 120_000,
  });
  const output = run.stdout + run.stderr;
  const [filesLine, last] = run.stdout.trimEnd().split('\n').slice(-2) as [string, string];

  it('is the last line, and vitest failed the run', () => {
    expect(run.status).toBe(1);
    // The last line has the plain form 'N passed, N failed[, N skipped]' alone on its line.
    expect(last).toMatch(/^tests: \d+ passed, \d+ failed(, \d+ skipped)?$/);
    expect(filesLine).toMatch(/^files: \d+ passed, \d+ failed(; \d+ expected fail)?(; \d+ todo)?(; \d+ errors?)?$/);
  });

  it("agrees with vitest's Tests line", () => {
    const tests = vitestCounts(output, 'Tests');
    const ours = Object.fromEntries(
      [...`${last} ${filesLine.split(';').slice(1).join(';')}`.matchAll(/(\d+) (passed|failed|expected fail|skipped|todo)/g)].map((m) => [m[2]!, Number(m[1])]),
    );
    // vitest omits zero counts; the plain line always states passed and failed, and counts todo as skipped.
    const expected: Record<string, number> = { passed: 0, failed: 0, ...tests };
    expect(ours).toEqual({ ...expected, skipped: (expected['skipped'] ?? 0) + (expected['todo'] ?? 0) });
    // The fixtures as written: 3 passed, 1 failed, 1 expected fail, 6 skipped (suite, test, run-time
    // skip, two after the failing hook), 1 todo.
    expect(ours).toEqual({ passed: 3, failed: 1, 'expected fail': 1, skipped: 7, todo: 1 });
  });

  it("agrees with vitest's Test Files line (a file that fails to import or in a hook is failed)", () => {
    const files = vitestCounts(output, 'Test Files');
    const [, passed, failed] = /files: (\d+) passed, (\d+) failed/.exec(filesLine)!;
    expect({ passed: Number(passed), failed: Number(failed) }).toEqual({ passed: files['passed'] ?? 0, failed: files['failed'] ?? 0 });
    expect(files).toEqual({ passed: 2, failed: 3 });
  });
});
