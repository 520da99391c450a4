import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHITECTURE_FEATURE_COUNT, architectureFeatures } from './architecture-features.js';
import { CachedEvaluator } from './cached-evaluator.js';
import { commandEvaluator, parseAccuracy } from './command-evaluator.js';
import type { Evaluation, Evaluator } from './evaluator.js';
import { lookupEvaluator } from './lookup-evaluator.js';
import { fitFeatureSurrogate, surrogateEvaluator } from './surrogate-evaluator.js';

const A = '0 1 0 2 0 1 3 1 0 0 4 0 1 0 1 5 0 0 0 0 1';
const B = '5 0 1 1 0 0 2 1 1 1 3 0 0 0 0 4 1 1 1 1 1';

describe('lookupEvaluator', () => {
  it('scores labelled architectures and leaves the rest unscored', async () => {
    const table = new Map([[A, 0.74]]);
    const e = lookupEvaluator({ get: (f) => table.get(f), size: table.size });
    expect(e.surrogate).toBe(false);
    expect(await e.evaluate([A, B])).toEqual([
      { flat: A, status: 'scored', accuracy: 0.74, source: 'lookup' },
      { flat: B, status: 'unscored', reason: 'not in the lookup table', source: 'lookup' },
    ]);
  });
});

describe('architectureFeatures', () => {
  it('one-hot encodes the ops and copies the skip bits', () => {
    const f = architectureFeatures(A);
    expect(f).toHaveLength(ARCHITECTURE_FEATURE_COUNT);
    // ops 0, 1, 2, 3, 4, 5 in layers 0..5 → one-hot positions 6·layer + op
    expect(Array.from(f.subarray(0, 36)).flatMap((v, i) => (v ? [i] : []))).toEqual([0, 7, 14, 21, 28, 35]);
    expect(Array.from(f.subarray(36))).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1]);
    expect(() => architectureFeatures('0 1 0')).toThrow(/has 2 layers, expected 6/);
  });
});

describe('surrogateEvaluator', () => {
  it('labels every output as a surrogate prediction', async () => {
    const e = surrogateEvaluator({ description: 'constant 0.7', predict: (flats) => new Float64Array(flats.length).fill(0.7) });
    expect(e.surrogate).toBe(true);
    expect(e.label).toMatch(/^SURROGATE-predicted accuracy, not measured \(constant 0.7\)/);
    const r = await e.evaluate([A, 'garbage']);
    expect(r[0]).toEqual({ flat: A, status: 'scored', accuracy: 0.7, source: 'surrogate' });
    expect(r[1]!.status).toBe('failed');
    expect(r.every((x) => x.source === 'surrogate')).toBe(true);
  });

  it('fits a sparse GP on architecture features that tracks a feature-linear accuracy', async () => {
    const archs: [string, number][] = [];
    for (let k = 0; k < 120; k++) {
      const layers: number[] = [];
      let skip = 0;
      for (let i = 0; i < 6; i++) {
        layers.push((k * 7 + i * 3) % 6);
        for (let j = 0; j < i; j++) layers.push(((k >> (j + i)) ^ (k * 13 + j)) & 1);
      }
      const flat = layers.join(' ');
      const f = architectureFeatures(flat);
      skip = f.subarray(36).reduce((s, v) => s + v, 0);
      archs.push([flat, 0.72 + 0.002 * skip + 0.003 * f[2]!]);
    }
    const model = await fitFeatureSurrogate(archs.slice(0, 100), { inducingPoints: 30, epochs: 40, minibatchSize: 100, seed: 3, threads: 1, learningRate: 0.02 });
    const held = archs.slice(100);
    const pred = await model.predict(held.map(([f]) => f));
    const truth = held.map(([, a]) => a);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const p = Array.from(pred);
    const mp = mean(p);
    const mt = mean(truth);
    const cov = p.reduce((s, v, i) => s + (v - mp) * (truth[i]! - mt), 0);
    const r = cov / Math.sqrt(p.reduce((s, v) => s + (v - mp) ** 2, 0) * truth.reduce((s, v) => s + (v - mt) ** 2, 0));
    expect(r).toBeGreaterThan(0.7);
  });
});

describe('commandEvaluator', () => {
  let dir: string;
  let stub: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opnas-bo-cmd-'));
    stub = join(dir, 'train.sh');
    // a stand-in training program: fine, fails once, prints garbage, hangs, out of range
    await writeFile(
      stub,
      `#!/bin/sh
echo "start $$" >> "${dir}/trace"
case "$1" in
  "0 "*) echo "epoch 1/1 loss 0.3"; echo 0.75 ;;
  "1 "*) if [ -e "${dir}/failed-once" ]; then echo 0.61; else touch "${dir}/failed-once"; echo "CUDA error" >&2; exit 3; fi ;;
  "2 "*) echo "accuracy: high" ;;
  "3 "*) sleep 10; echo 0.9 ;;
  "4 "*) echo 97.5 ;;
  "6 "*) sleep 0.3; echo 0.5 ;;
  *) echo "unknown architecture" >&2; exit 9 ;;
esac
echo "end $$" >> "${dir}/trace"
`,
    );
    await chmod(stub, 0o755);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('parses the accuracy from the last stdout line and rejects garbage', () => {
    expect(parseAccuracy('loss 0.3\n0.7421\n\n')).toBe(0.7421);
    expect(parseAccuracy('')).toMatch(/printed nothing/);
    expect(parseAccuracy('accuracy: high')).toMatch(/not a number/);
    expect(parseAccuracy('97.5')).toMatch(/not an accuracy in \[0, 1\]/);
  });

  it('records failures with reasons, retries once, times out, and never uses a shell', async () => {
    const tries: string[] = [];
    const e = commandEvaluator(stub, { timeoutMs: 400, concurrency: 3, onResult: (r) => tries.push(`${r.flat[0]}:${r.attempt}:${r.ok}`) });
    const flats = ['0 x', '1 x', '2 x', '3 x', '4 x', '5 ; touch pwned'];
    const r = await e.evaluate(flats);
    expect(r[0]).toEqual({ flat: '0 x', status: 'scored', accuracy: 0.75, source: 'command' });
    expect(r[1]).toEqual({ flat: '1 x', status: 'scored', accuracy: 0.61, source: 'command' }); // failed, then retried
    expect(r[2]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/not a number.*after 2 tries/) });
    expect(r[3]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/timed out after 400 ms/) });
    expect(r[4]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/not an accuracy in \[0, 1\]/) });
    expect(r[5]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/exited with 9: unknown architecture/) });
    expect(tries.filter((t) => t.startsWith('1:'))).toEqual(['1:1:false', '1:2:true']);
    expect(tries.filter((t) => t.startsWith('0:'))).toEqual(['0:1:true']);
    // the metacharacters reached the script as one argument and were not run
    await expect(readFile(join(dir, 'pwned'))).rejects.toThrow();
    const missing = await commandEvaluator(join(dir, 'no-such-program')).evaluate(['0 x']);
    expect(missing[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/could not run .*ENOENT/) });
  });

  it('runs at most `concurrency` architectures at once', async () => {
    await rm(join(dir, 'trace'), { force: true });
    await commandEvaluator(stub, { concurrency: 2 }).evaluate(['6 a', '6 b', '6 c', '6 d', '6 e']);
    const trace = (await readFile(join(dir, 'trace'), 'utf8')).trim().split('\n');
    let running = 0;
    let most = 0;
    for (const line of trace) {
      running += line.startsWith('start') ? 1 : -1;
      most = Math.max(most, running);
    }
    expect(trace.filter((l) => l.startsWith('start'))).toHaveLength(5);
    expect(most).toBeLessThanOrEqual(2);
    expect(most).toBeGreaterThanOrEqual(1);
  });

  it('submits through Slurm with the documented srun wrapper (stand-in srun)', async () => {
    const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'slurm-evaluate.sh');
    const fakeBin = join(dir, 'bin');
    await import('node:fs/promises').then((fs) => fs.mkdir(fakeBin, { recursive: true }));
    // srun stand-in: drops srun's own options, logs the submission, runs the step in the foreground
    await writeFile(
      join(fakeBin, 'srun'),
      `#!/bin/sh
echo "$@" > "${dir}/srun-args"
while [ $# -gt 0 ]; do case "$1" in --*) shift ;; *) break ;; esac; done
echo "srun: job 4242 queued and waiting for resources" >&2
exec "$@"
`,
    );
    await chmod(join(fakeBin, 'srun'), 0o755);
    const e = commandEvaluator(script, { env: { ...process.env, PATH: `${fakeBin}:${process.env['PATH'] ?? ''}`, OPNAS_TRAIN: stub } });
    const [r] = await e.evaluate([`0 ${A.slice(2)}`]);
    expect(r).toEqual({ flat: `0 ${A.slice(2)}`, status: 'scored', accuracy: 0.75, source: 'command' });
    const srunArgs = await readFile(join(dir, 'srun-args'), 'utf8');
    expect(srunArgs).toContain('--gres=gpu:1');
    expect(srunArgs.trim().endsWith(`${stub} 0 ${A.slice(2)}`)).toBe(true);
  });
});

describe('CachedEvaluator', () => {
  it('evaluates each architecture once, across batches and duplicates, and persists results', async () => {
    let calls: string[] = [];
    const inner: Evaluator = {
      kind: 'command',
      label: 'counting',
      surrogate: false,
      evaluate: (flats) => {
        calls.push(...flats);
        return Promise.resolve(
          flats.map((flat): Evaluation => (flat === B ? { flat, status: 'failed', reason: 'x', source: 'command' } : { flat, status: 'scored', accuracy: 0.7, source: 'command' })),
        );
      },
    };
    const dir = await mkdtemp(join(tmpdir(), 'opnas-bo-cache-'));
    const path = join(dir, 'cache.jsonl');
    const cached = await new CachedEvaluator(inner, path).load();
    const r = await cached.evaluate([A, `  ${A} `, B]);
    expect(calls).toEqual([A, B]);
    expect(r.map((x) => x.status)).toEqual(['scored', 'scored', 'failed']);
    await cached.evaluate([B, A]);
    expect(calls).toEqual([A, B]);
    calls = [];
    const again = await new CachedEvaluator(inner, path).load();
    expect(again.size).toBe(2);
    await again.evaluate([A, B]);
    expect(calls).toEqual([]);
    await writeFile(path, '{"flat": 1}\n');
    await expect(new CachedEvaluator(inner, path).load()).rejects.toThrow(/cache.jsonl: line 1 is not an evaluation/);
    await rm(dir, { recursive: true, force: true });
  });
});
