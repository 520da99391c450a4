import { type Evaluator, surrogateEvaluator } from '@opnas/bayesopt';
import { type EnasSurrogate, loadEnasSurrogate } from './surrogate-file.js';

/**
 * An `Evaluator` scoring any ENAS-6 architecture with the surrogate benchmark. Its scores are
 * predictions and say so everywhere (`surrogate: true`, a label starting "SURROGATE-predicted
 * accuracy, not measured", `source: 'surrogate'` on each evaluation); strings that are not ENAS-6
 * architectures are failed evaluations. Without an argument it loads the shipped model.
 */
export async function enasSurrogateEvaluator(surrogate?: EnasSurrogate | string): Promise<Evaluator> {
  const model = typeof surrogate === 'object' ? surrogate : await loadEnasSurrogate(surrogate);
  return surrogateEvaluator(model);
}
