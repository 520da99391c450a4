import { SparseGp, type SparseGpOptions } from '@opnas/sgp';
import { denormaliseTargets, normaliseTargets, targetStatistics } from '@opnas/metrics';
import { ARCHITECTURE_FEATURE_COUNT, architectureFeatures } from './architecture-features.js';
import { BayesOptArgumentError } from './errors.js';
import type { Evaluation, Evaluator } from './evaluator.js';

/** A model that predicts accuracies of flat strings. */
export interface AccuracySurrogate {
  /** What it is, e.g. "sparse GP on architecture features, fitted on 20,015 labels". */
  readonly description: string;
  predict(flats: readonly string[]): Float64Array | Promise<Float64Array>;
}

/**
 * The third option of protocol §7.5: a surrogate oracle. Its scores are predictions, so the
 * evaluator says so everywhere: `surrogate: true`, a label that starts with "SURROGATE", and
 * `source: 'surrogate'` on every evaluation — nobody should mistake them for measured accuracies.
 * Architectures the surrogate cannot featurise are 'failed'.
 */
export function surrogateEvaluator(model: AccuracySurrogate): Evaluator {
  return {
    kind: 'surrogate',
    label: `SURROGATE-predicted accuracy, not measured (${model.description})`,
    surrogate: true,
    async evaluate(flats) {
      const ok: string[] = [];
      const out: (Evaluation | undefined)[] = flats.map((flat) => {
        try {
          architectureFeatures(flat);
          ok.push(flat);
          return undefined;
        } catch (error) {
          return { flat, status: 'failed', reason: (error as Error).message, source: 'surrogate' } as const;
        }
      });
      const predicted = ok.length ? await model.predict(ok) : new Float64Array(0);
      let k = 0;
      return out.map((e, i) => e ?? { flat: flats[i]!, status: 'scored', accuracy: predicted[k++]!, source: 'surrogate' });
    },
  };
}

/** Options of {@link fitFeatureSurrogate}: the sparse GP's, with smaller defaults (a quick oracle). */
export interface FeatureSurrogateOptions extends SparseGpOptions {}

/**
 * Fit the paper's sparse GP on {@link architectureFeatures} of labelled architectures (e.g. all
 * 20,015 of the dataset) as a surrogate oracle: targets standardised as protocol §1.7, predictions
 * mapped back to accuracy. Defaults: M = 200, 20 epochs (≈ 400 Adam steps on 20,015 labels).
 */
export async function fitFeatureSurrogate(labelled: Iterable<readonly [string, number]>, options: FeatureSurrogateOptions = {}): Promise<AccuracySurrogate> {
  const flats: string[] = [];
  const acc: number[] = [];
  for (const [flat, accuracy] of labelled) {
    flats.push(flat);
    acc.push(accuracy);
  }
  if (flats.length < 2) throw new BayesOptArgumentError(`@opnas/bayesopt: a surrogate needs at least 2 labelled architectures, got ${flats.length}`, 'labelled');
  const d = ARCHITECTURE_FEATURE_COUNT;
  const x = new Float64Array(flats.length * d);
  flats.forEach((flat, i) => x.set(architectureFeatures(flat), i * d));
  const normalisation = targetStatistics(acc);
  const inducing = Math.min(options.inducingPoints ?? 200, flats.length);
  const gp = new SparseGp({ epochs: 20, ...options, inducingPoints: inducing });
  await gp.fit({ rows: flats.length, cols: d, data: x }, normaliseTargets(acc, normalisation));
  return {
    description: `sparse GP (M = ${inducing}) on one-hot architecture features, fitted on ${flats.length} labelled architectures`,
    predict(query) {
      const q = new Float64Array(query.length * d);
      query.forEach((flat, i) => q.set(architectureFeatures(flat), i * d));
      return denormaliseTargets(gp.predict({ rows: query.length, cols: d, data: q }).mean, normalisation);
    },
  };
}
