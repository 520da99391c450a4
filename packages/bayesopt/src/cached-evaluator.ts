import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { BayesOptLogError } from './errors.js';
import { type Evaluation, type Evaluator, normaliseFlat } from './evaluator.js';

/**
 * An evaluator that never evaluates the same architecture twice: results (failures included —
 * the command evaluator has already retried them) are kept by normalised flat string, duplicates
 * within a batch are evaluated once, and with `path` the cache is a JSON-lines file rewritten
 * atomically after every batch, so a restarted run does not pay for its evaluations again.
 */
export class CachedEvaluator implements Evaluator {
  readonly kind: Evaluator['kind'];
  readonly label: string;
  readonly surrogate: boolean;
  private readonly cache = new Map<string, Evaluation>();
  /** Evaluations actually run by the inner evaluator (cache misses). */
  misses = 0;

  constructor(
    readonly inner: Evaluator,
    readonly path?: string,
  ) {
    this.kind = inner.kind;
    this.label = inner.label;
    this.surrogate = inner.surrogate;
  }

  /** Load the cache file (if `path` exists). Lines that do not parse are an error naming the line. */
  async load(): Promise<this> {
    if (!this.path) return this;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this;
      throw error;
    }
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      let e: Evaluation;
      try {
        e = JSON.parse(line) as Evaluation;
      } catch {
        throw new BayesOptLogError(`@opnas/bayesopt: ${this.path}: line ${i + 1} is not JSON`);
      }
      if (typeof e.flat !== 'string' || !['scored', 'unscored', 'failed'].includes(e.status)) {
        throw new BayesOptLogError(`@opnas/bayesopt: ${this.path}: line ${i + 1} is not an evaluation`);
      }
      this.cache.set(normaliseFlat(e.flat), e);
    });
    return this;
  }

  /** Number of cached architectures. */
  get size(): number {
    return this.cache.size;
  }

  /** A cached result, if any. */
  peek(flat: string): Evaluation | undefined {
    return this.cache.get(normaliseFlat(flat));
  }

  /** Record a known result (e.g. replayed from a run log). */
  remember(evaluation: Evaluation): void {
    this.cache.set(normaliseFlat(evaluation.flat), evaluation);
  }

  async evaluate(flats: readonly string[], options: { readonly signal?: AbortSignal } = {}): Promise<Evaluation[]> {
    const keys = flats.map(normaliseFlat);
    const missing = [...new Set(keys.filter((k) => !this.cache.has(k)))];
    if (missing.length) {
      const results = await this.inner.evaluate(missing, options);
      results.forEach((r, i) => this.cache.set(missing[i]!, r));
      this.misses += missing.length;
      if (this.path) await writeFileAtomic(this.path, [...this.cache.values()].map((e) => JSON.stringify(e)).join('\n') + '\n');
    }
    return keys.map((k, i) => ({ ...this.cache.get(k)!, flat: flats[i]! }));
  }
}
