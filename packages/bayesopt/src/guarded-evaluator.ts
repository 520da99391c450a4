import { BayesOptArgumentError } from './errors.js';
import type { Evaluation, Evaluator } from './evaluator.js';

/** Options of {@link guardedEvaluator}. */
export interface GuardedEvaluatorOptions {
  /**
   * Time limit of one `evaluate` call in milliseconds; when it passes, the inner evaluator's
   * signal is aborted and every architecture of the batch is a failed evaluation. Default none.
   */
  readonly timeoutMs?: number;
}

const STATUSES = new Set(['scored', 'unscored', 'failed']);

/**
 * Wraps an evaluator so that whatever it does, a search loop gets one well-formed evaluation per
 * architecture and goes on: an evaluator that throws, hangs past `timeoutMs`, returns the wrong
 * number of results, a malformed result or a non-finite accuracy (NaN, ±∞) yields 'failed'
 * evaluations whose `reason` says which. Only the caller's own abort signal stops the loop (its
 * reason is rethrown). The command evaluator already turns garbage on stdout into failures.
 */
export function guardedEvaluator(inner: Evaluator, options: GuardedEvaluatorOptions = {}): Evaluator {
  const timeoutMs = options.timeoutMs;
  if (timeoutMs !== undefined && !(timeoutMs > 0 && Number.isFinite(timeoutMs))) {
    throw new BayesOptArgumentError(`@opnas/bayesopt: timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`, 'timeoutMs');
  }
  const failAll = (flats: readonly string[], reason: string): Evaluation[] => flats.map((flat) => ({ flat, status: 'failed', reason, source: inner.kind }));
  return {
    kind: inner.kind,
    label: inner.label,
    surrogate: inner.surrogate,
    async evaluate(flats, callOptions = {}) {
      const outer = callOptions.signal;
      outer?.throwIfAborted();
      const timer = new AbortController();
      const signal = outer ? AbortSignal.any([outer, timer.signal]) : timer.signal;
      let handle: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        if (timeoutMs !== undefined) handle = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      let result: unknown;
      try {
        const running = Promise.resolve().then(() => inner.evaluate(flats, { signal }));
        running.catch(() => undefined); // a late rejection after a timeout is not an unhandled one
        result = await Promise.race([running, timedOut]);
      } catch (error) {
        outer?.throwIfAborted();
        return failAll(flats, `the evaluator threw: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        clearTimeout(handle);
      }
      if (result === 'timeout') {
        timer.abort(new Error(`timed out after ${timeoutMs} ms`));
        outer?.throwIfAborted();
        return failAll(flats, `timed out after ${timeoutMs} ms`);
      }
      outer?.throwIfAborted();
      if (!Array.isArray(result) || result.length !== flats.length) {
        return failAll(flats, `the evaluator returned ${Array.isArray(result) ? `${result.length} results` : 'no list'} for ${flats.length} architectures`);
      }
      return flats.map((flat, i): Evaluation => {
        const e = result[i] as Partial<Evaluation> | null | undefined;
        if (typeof e !== 'object' || e === null || !STATUSES.has(e.status as string)) {
          return { flat, status: 'failed', reason: `the evaluator returned a malformed evaluation: ${JSON.stringify(e)?.slice(0, 120)}`, source: inner.kind };
        }
        if (e.status === 'scored') {
          const accuracy = (e as { accuracy?: unknown }).accuracy;
          if (typeof accuracy !== 'number' || !Number.isFinite(accuracy)) {
            return { flat, status: 'failed', reason: `the evaluator returned a non-finite accuracy (${String(accuracy)})`, source: inner.kind };
          }
          return { flat, status: 'scored', accuracy, source: e.source ?? inner.kind };
        }
        const reason = (e as { reason?: unknown }).reason;
        return { flat, status: e.status as 'unscored' | 'failed', reason: typeof reason === 'string' ? reason : 'no reason given', source: e.source ?? inner.kind };
      });
    },
  };
}
