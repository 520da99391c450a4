import { describe, expect, it } from 'vitest';
import type { Evaluation, Evaluator } from './evaluator.js';
import { guardedEvaluator } from './guarded-evaluator.js';

const A = '0 1 0 2 0 1 3 1 0 0 4 0 1 0 1 5 0 0 0 0 1';
const B = '5 0 1 1 0 0 2 1 1 1 3 0 0 0 0 4 1 1 1 1 1';

const evaluatorOf = (evaluate: Evaluator['evaluate']): Evaluator => ({ kind: 'command', label: 'test', surrogate: false, evaluate });

describe('guardedEvaluator', () => {
  it('passes good evaluations through unchanged', async () => {
    const good: Evaluation[] = [
      { flat: A, status: 'scored', accuracy: 0.7, source: 'command' },
      { flat: B, status: 'unscored', reason: 'not here', source: 'command' },
    ];
    expect(await guardedEvaluator(evaluatorOf(() => Promise.resolve(good))).evaluate([A, B])).toEqual(good);
  });

  it('turns NaN and infinite accuracies into failed evaluations with the reason', async () => {
    const e = guardedEvaluator(
      evaluatorOf((flats) => Promise.resolve(flats.map((flat, i): Evaluation => ({ flat, status: 'scored', accuracy: [Number.NaN, Infinity][i]!, source: 'command' })))),
    );
    const r = await e.evaluate([A, B]);
    expect(r).toEqual([
      { flat: A, status: 'failed', reason: 'the evaluator returned a non-finite accuracy (NaN)', source: 'command' },
      { flat: B, status: 'failed', reason: 'the evaluator returned a non-finite accuracy (Infinity)', source: 'command' },
    ]);
  });

  it('turns a throwing evaluator (sync or async) into failed evaluations', async () => {
    const sync = guardedEvaluator(
      evaluatorOf(() => {
        throw new Error('CUDA out of memory');
      }),
    );
    expect(await sync.evaluate([A])).toEqual([{ flat: A, status: 'failed', reason: 'the evaluator threw: CUDA out of memory', source: 'command' }]);
    const async = guardedEvaluator(evaluatorOf(() => Promise.reject(new Error('lost the node'))));
    expect((await async.evaluate([A, B])).map((x) => x.status === 'failed' && x.reason)).toEqual(['the evaluator threw: lost the node', 'the evaluator threw: lost the node']);
  });

  it('times out a hanging evaluator, aborts its signal, and goes on', async () => {
    let aborted = false;
    const hang = guardedEvaluator(
      evaluatorOf((_flats, o) => {
        o?.signal?.addEventListener('abort', () => (aborted = true));
        return new Promise(() => undefined);
      }),
      { timeoutMs: 30 },
    );
    expect(await hang.evaluate([A])).toEqual([{ flat: A, status: 'failed', reason: 'timed out after 30 ms', source: 'command' }]);
    expect(aborted).toBe(true);
    expect(() => guardedEvaluator(hang, { timeoutMs: 0 })).toThrow(/timeoutMs must be a positive number/);
  });

  it('fails a batch answered with the wrong number of results or malformed ones', async () => {
    const short = guardedEvaluator(evaluatorOf(() => Promise.resolve([])));
    expect(await short.evaluate([A, B])).toEqual([
      { flat: A, status: 'failed', reason: 'the evaluator returned 0 results for 2 architectures', source: 'command' },
      { flat: B, status: 'failed', reason: 'the evaluator returned 0 results for 2 architectures', source: 'command' },
    ]);
    const junk = guardedEvaluator(evaluatorOf(() => Promise.resolve([{ status: 'great' } as unknown as Evaluation])));
    expect((await junk.evaluate([A]))[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/malformed evaluation: \{"status":"great"\}/) });
  });

  it("rethrows the caller's own abort instead of recording a failure", async () => {
    const controller = new AbortController();
    const e = guardedEvaluator(
      evaluatorOf(() => {
        controller.abort(new Error('killed'));
        return Promise.reject(new Error('aborted'));
      }),
    );
    await expect(e.evaluate([A], { signal: controller.signal })).rejects.toThrow(/killed/);
  });
});
