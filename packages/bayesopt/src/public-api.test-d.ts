import type { OpnasError } from '@opnas/errors';
import type { SparseGp } from '@opnas/sgp';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AcquisitionValue,
  BayesOptArgumentError,
  BayesOptLogError,
  type BatchSelection,
  type BatchSelectionOptions,
  type BoOptions,
  type BoProblem,
  type BoRun,
  type Evaluation,
  type Evaluator,
  type LbfgsbResult,
  type SearchBox,
  type SparseGpPosterior,
  batchedGreedyEi,
  dataBox,
  lbfgsb,
  logExpectedImprovement,
  lookupEvaluator,
  runBayesOpt,
} from './index.js';

// The public API as a consumer's compiler sees it: checked by `vitest` (typecheck) and `tsc`.
describe('@opnas/bayesopt public types', () => {
  it('acquisitions return a value with its derivatives and take typed options', () => {
    expectTypeOf(logExpectedImprovement).returns.toEqualTypeOf<AcquisitionValue>();
    expectTypeOf<AcquisitionValue>().toEqualTypeOf<{ readonly value: number; readonly dMean: number; readonly dVariance: number }>();
    logExpectedImprovement(0, 1, -0.5, { tail: 'exact' });
    // @ts-expect-error the far tail is 'asymptotic' or 'exact'
    logExpectedImprovement(0, 1, -0.5, { tail: 'approximate' });
  });

  it('batchedGreedyEi takes a posterior and a box and returns points as Float64Arrays', () => {
    expectTypeOf(batchedGreedyEi).parameter(1).toEqualTypeOf<SearchBox>();
    expectTypeOf(batchedGreedyEi).parameter(2).toEqualTypeOf<BatchSelectionOptions | undefined>();
    expectTypeOf(batchedGreedyEi).returns.toEqualTypeOf<BatchSelection>();
    expectTypeOf<BatchSelection['points']>().toEqualTypeOf<Float64Array[]>();
    expectTypeOf<BatchSelectionOptions['acquisition']>().toEqualTypeOf<'ei' | 'ucb' | undefined>();
    expectTypeOf(dataBox).returns.toEqualTypeOf<SearchBox>();
    expectTypeOf<SparseGpPosterior>().toBeObject();
  });

  it('re-exports L-BFGS-B from @opnas/lbfgsb unchanged', () => {
    expectTypeOf(lbfgsb).toEqualTypeOf<typeof import('@opnas/lbfgsb').lbfgsb>();
    expectTypeOf(lbfgsb).returns.toEqualTypeOf<LbfgsbResult>();
    expectTypeOf(lbfgsb).parameter(0).toEqualTypeOf<(x: Float64Array, gradient: Float64Array) => number>();
  });

  it('an Evaluator scores flat strings asynchronously; an evaluation is scored or says why not', () => {
    expectTypeOf<Evaluator['evaluate']>().returns.toEqualTypeOf<Promise<Evaluation[]>>();
    expectTypeOf(lookupEvaluator).returns.toEqualTypeOf<Evaluator>();
    expectTypeOf(lookupEvaluator).parameter(0).toExtend<{ get(flat: string): number | undefined; readonly size: number }>();
    expectTypeOf(new Map<string, number>()).toExtend<Parameters<typeof lookupEvaluator>[0]>();
    const describeEvaluation = (e: Evaluation): string => (e.status === 'scored' ? e.accuracy.toFixed(4) : e.reason);
    expectTypeOf(describeEvaluation).returns.toBeString();
  });

  it('runBayesOpt takes a problem and options and resolves to a run', () => {
    expectTypeOf(runBayesOpt).parameters.toEqualTypeOf<[problem: BoProblem, options?: BoOptions]>();
    expectTypeOf(runBayesOpt).returns.toEqualTypeOf<Promise<BoRun>>();
    // The sparse GP is what the default fitter produces; any Predictor would do.
    expectTypeOf<SparseGp>().toHaveProperty('predict');
  });

  it('errors are OpnasErrors with a literal code', () => {
    expectTypeOf<BayesOptArgumentError>().toExtend<OpnasError>();
    expectTypeOf<BayesOptArgumentError['code']>().toEqualTypeOf<'invalid-argument'>();
    expectTypeOf<BayesOptArgumentError['argument']>().toEqualTypeOf<string>();
    expectTypeOf<BayesOptLogError['code']>().toEqualTypeOf<'invalid-log'>();
  });
});
