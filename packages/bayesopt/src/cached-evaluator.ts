import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { BayesOptLogError } from './errors.js';
import type { SearchSpace } from '@opnas/dag';
import { type Evaluation, type Evaluator, normaliseFlat } from './evaluator.js';
import { spaceKeyOf } from './lookup-evaluator.js';

/** Options of {@link CachedEvaluator}. */
export interface CachedEvaluatorOptions {
  /**
   * Key architectures by this space's key (isomorphic NB101 cells share one entry); strings the
   * space cannot parse by their whitespace-normalised text. Default: the normalised text, which
   * for ENAS flat strings is ENAS6's key.
   */
  readonly space?: SearchSpace;
}

/**
 * An evaluator that never evaluates the same architecture twice: results (failures included —
 * the command evaluator has already retried them) are kept by the architecture's key (the normalised
 * flat string, or a `SearchSpace`'s key), duplicates
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

  private readonly keyOf: (notation: string) => string;

  constructor(
    readonly inner: Evaluator,
    readonly path?: string,
    options: CachedEvaluatorOptions = {},
  ) {
    const { space } = options;
    this.keyOf = space ? (notation) => spaceKeyOf(space, notation) ?? normaliseFlat(notation) : normaliseFlat;
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
      this.cache.set(this.keyOf(e.flat), e);
    });
    return this;
  }

  /** Number of cached architectures. */
  get size(): number {
    return this.cache.size;
  }

  /** A cached result, if any. */
  peek(flat: string): Evaluation | undefined {
    return this.cache.get(this.keyOf(flat));
  }

  /** Record a known result (e.g. replayed from a run log). */
  remember(evaluation: Evaluation): void {
    this.cache.set(this.keyOf(evaluation.flat), evaluation);
  }

  async evaluate(flats: readonly string[], options: { readonly signal?: AbortSignal } = {}): Promise<Evaluation[]> {
    const keys = flats.map((f) => this.keyOf(f));
    // one evaluation per missing key, of the first notation (normalised) that had it: a space's key need not be a notation
    const missing = new Map<string, string>();
    keys.forEach((k, i) => {
      if (!this.cache.has(k) && !missing.has(k)) missing.set(k, normaliseFlat(flats[i]!));
    });
    if (missing.size) {
      const results = await this.inner.evaluate([...missing.values()], options);
      [...missing.keys()].forEach((k, i) => this.cache.set(k, results[i]!));
      this.misses += missing.size;
      if (this.path) await writeFileAtomic(this.path, [...this.cache.values()].map((e) => JSON.stringify(e)).join('\n') + '\n');
    }
    return keys.map((k, i) => ({ ...this.cache.get(k)!, flat: flats[i]! }));
  }
}
