import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Evaluation, type Evaluator, commandEvaluator } from '@opnas/bayesopt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSearch } from './local-search.js';
import { randomSearch } from './random-search.js';
import { regularisedEvolution } from './regularised-evolution.js';
import { readSearchLog } from './search-log.js';
import type { SearchOptions, SearchRun } from './search-run.js';
import { additiveAccuracy, additiveEvaluator } from './synthetic-evaluator.test-util.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opnas-search-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Baseline = (evaluator: Evaluator, budget: number, options: SearchOptions & { batchSize?: number }) => Promise<SearchRun>;
const baselines: [string, Baseline][] = [
  ['random search', (e, b, o) => randomSearch(e, b, { batchSize: 3, ...o })],
  ['regularised evolution', (e, b, o) => regularisedEvolution(e, b, { populationSize: 8, sampleSize: 3, ...o })],
  ['local search', (e, b, o) => localSearch(e, b, { initialSize: 5, batchSize: 9, ...o })],
];

/**
 * Misbehaves by architecture, so a replayed run meets the same faults: first op 5 → NaN,
 * first op 4 → throws, first op 3 → never answers.
 */
function faultyEvaluator(): Evaluator {
  return {
    kind: 'command',
    label: 'faulty',
    surrogate: false,
    evaluate(flats) {
      if (flats.some((f) => f.startsWith('3 '))) return new Promise(() => undefined);
      if (flats.some((f) => f.startsWith('4 '))) return Promise.reject(new Error('segfault in the trainer'));
      return Promise.resolve(
        flats.map((flat): Evaluation => ({ flat, status: 'scored', accuracy: flat.startsWith('5 ') ? Number.NaN : additiveAccuracy(flat), source: 'command' })),
      );
    },
  };
}

/** Wraps an evaluator so that the run is aborted (as if killed) during its `at`-th call. */
function killedAt(inner: Evaluator, at: number, controller: AbortController): Evaluator {
  let calls = 0;
  return {
    ...inner,
    evaluate: (flats, o) => {
      if (++calls === at) controller.abort(new Error('killed'));
      return inner.evaluate(flats, o);
    },
  };
}

describe.each(baselines)('%s: JSON-lines log and exact resume', (name, run) => {
  const slug = name.replace(/ /g, '-');
  it('a run killed mid-way and resumed writes the log of an uninterrupted run, byte for byte', async () => {
    const full = join(dir, `${slug}-full.jsonl`);
    const opts = { seeds: [1, 2], checkpointIntervalMs: 0 };
    const uninterrupted = await run(additiveEvaluator(), 80, { ...opts, logPath: full });
    expect(uninterrupted.steps.filter((s) => s.seed === 2).at(-1)!.queries).toBe(80);
    for (const [at, checkpointIntervalMs] of [
      [4, 0],
      [13, 0],
      [13, 60_000],
    ] as const) {
      const path = join(dir, `${slug}-killed-${at}-${checkpointIntervalMs}.jsonl`);
      const controller = new AbortController();
      await expect(run(killedAt(additiveEvaluator(), at, controller), 80, { ...opts, checkpointIntervalMs, logPath: path, signal: controller.signal })).rejects.toThrow(/killed/);
      const partial = await readSearchLog(path);
      expect(partial!.steps.length).toBeGreaterThan(0);
      expect(partial!.steps.length).toBeLessThan(uninterrupted.steps.length);
      const calls: string[][] = [];
      let resumed = 0;
      const again = await run(additiveEvaluator(calls), 80, { ...opts, logPath: path, onStep: (_s, r) => r && resumed++ });
      expect(resumed).toBe(partial!.steps.length);
      // only architectures the log does not hold were evaluated, each once
      const logged = new Set(partial!.steps.flatMap((s) => s.architectures));
      const live = new Set(
        again.steps
          .slice(partial!.steps.length)
          .flatMap((s) => s.architectures)
          .filter((a) => !logged.has(a)),
      );
      expect(calls.flat().sort()).toEqual([...live].sort());
      expect(await readFile(path, 'utf8')).toBe(await readFile(full, 'utf8'));
      expect(again.steps).toEqual(uninterrupted.steps);
    }
  });

  it('records NaN, throwing and hanging evaluations as failed with their reasons, goes on, and resumes byte for byte', async () => {
    const full = join(dir, `${slug}-faulty.jsonl`);
    // one architecture per evaluation call, so each fault hits its own architecture only
    const opts = { seeds: [3], timeoutMs: 40, checkpointIntervalMs: 0, batchSize: 1 };
    const result = await run(faultyEvaluator(), 60, { ...opts, logPath: full });
    const outcomes = result.steps.flatMap((s) => s.outcomes);
    expect(outcomes).toHaveLength(60);
    const reasons = new Set(outcomes.flatMap((o) => (o.status === 'failed' ? [o.reason] : [])));
    expect(reasons).toContain('the evaluator threw: segfault in the trainer');
    expect(outcomes.filter((o) => o.status === 'scored').length).toBeGreaterThan(0);
    for (const o of outcomes) if (o.status === 'scored') expect(Number.isFinite(o.accuracy)).toBe(true);
    expect(reasons).toContain('the evaluator returned a non-finite accuracy (NaN)');
    expect(reasons).toContain('timed out after 40 ms');
    const path = join(dir, `${slug}-faulty-killed.jsonl`);
    const controller = new AbortController();
    await expect(run(killedAt(faultyEvaluator(), 3, controller), 60, { ...opts, logPath: path, signal: controller.signal })).rejects.toThrow(/killed/);
    await run(faultyEvaluator(), 60, { ...opts, logPath: path });
    expect(await readFile(path, 'utf8')).toBe(await readFile(full, 'utf8'));
  });
});

describe('search logs', () => {
  it('refuse to resume with other settings, another evaluator, a garbled file or a log that does not replay', async () => {
    const path = join(dir, 'other.jsonl');
    await randomSearch(additiveEvaluator(), 6, { seeds: [1], logPath: path });
    await expect(randomSearch(additiveEvaluator(), 7, { seeds: [1], logPath: path })).rejects.toThrow(/other.jsonl: the log was written with budget = 6, this run has 7/);
    await expect(regularisedEvolution(additiveEvaluator(), 6, { seeds: [1], populationSize: 4, sampleSize: 2, logPath: path })).rejects.toThrow(
      /written with algorithm = "random-search"/,
    );
    await expect(randomSearch({ ...additiveEvaluator(), label: 'other' }, 6, { seeds: [1], logPath: path })).rejects.toThrow(
      /written with another evaluator \("additive test accuracy"\)/,
    );
    const text = await readFile(path, 'utf8');
    const lines = text.split('\n');
    const step = JSON.parse(lines[2]!);
    step.architectures[0] = step.architectures[0].replace(/^\d/, (d: string) => String((Number(d) + 1) % 6));
    await writeFile(path, [lines[0], lines[1], JSON.stringify(step), ...lines.slice(3)].join('\n'));
    await expect(randomSearch(additiveEvaluator(), 6, { seeds: [1], logPath: path })).rejects.toThrow(/step 1 of seed 1 does not replay/);
    await writeFile(path, `${lines[0]}\n{"type":"round"}\n`);
    await expect(randomSearch(additiveEvaluator(), 6, { seeds: [1], logPath: path })).rejects.toThrow(/other.jsonl: line 2 is not a step record/);
    await writeFile(path, 'garbage\n');
    await expect(randomSearch(additiveEvaluator(), 6, { seeds: [1], logPath: path })).rejects.toThrow(/@opnas\/search: .*other.jsonl: line 1 is not JSON/);
  });

  it('a process killed with SIGKILL mid-run resumes to the uninterrupted log', async () => {
    const child = join(dirname(fileURLToPath(import.meta.url)), 'search-child.test-util.ts');
    const killed = join(dir, 'sigkill.jsonl');
    const proc = spawn(process.execPath, ['--conditions=@opnas/source', '--import', 'tsx', child, killed], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
    // kill once a few steps are on disk
    for (let i = 0; i < 600; i++) {
      const size = await stat(killed).then(
        (s) => s.size,
        () => 0,
      );
      if (size > 3000) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    proc.kill('SIGKILL');
    await exited;
    const partial = await readSearchLog(killed);
    expect(partial!.steps.length).toBeGreaterThan(0);
    expect(partial!.steps.length).toBeLessThan(240);
    const opts = { seeds: [1, 2], populationSize: 12, sampleSize: 4, checkpointIntervalMs: 0 };
    await regularisedEvolution(additiveEvaluator(), 120, { ...opts, logPath: killed });
    const full = join(dir, 'sigkill-full.jsonl');
    await regularisedEvolution(additiveEvaluator(), 120, { ...opts, logPath: full });
    expect(await readFile(killed, 'utf8')).toBe(await readFile(full, 'utf8'));
  });
});

describe('the command evaluator under a search', () => {
  it('records garbage on stdout and crashes as failed evaluations with their reasons', async () => {
    const script = join(dir, 'train.sh');
    await writeFile(
      script,
      `#!/bin/sh
case "$1" in
  "0 "*|"1 "*) echo "epoch 1 loss 0.3"; echo "accuracy: high" ;;
  "2 "*) ;;
  "3 "*) echo "Traceback: CUDA error" >&2; exit 2 ;;
  *) echo 0.7 ;;
esac
`,
    );
    await chmod(script, 0o755);
    const run = await randomSearch(commandEvaluator(script, { retries: 0 }), 24, { seeds: [1], batchSize: 6 });
    const pairs = run.steps.flatMap((s) => s.architectures.map((a, i) => [a, s.outcomes[i]!] as const));
    for (const [a, o] of pairs) {
      const op = Number(a[0]);
      if (op <= 1) expect(o).toMatchObject({ status: 'failed', reason: expect.stringMatching(/stdout's last line is not a number: "accuracy: high"/) });
      else if (op === 2) expect(o).toMatchObject({ status: 'failed', reason: expect.stringMatching(/printed nothing on stdout/) });
      else if (op === 3) expect(o).toMatchObject({ status: 'failed', reason: expect.stringMatching(/exited with 2: Traceback: CUDA error/) });
      else expect(o).toEqual({ status: 'scored', accuracy: 0.7 });
    }
    expect(new Set(pairs.map(([a]) => a[0]))).toEqual(new Set(['0', '1', '2', '3', '4', '5']));
  });
});
