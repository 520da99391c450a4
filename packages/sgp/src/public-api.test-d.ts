import type { OpnasError } from '@opnas/errors';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type Prediction,
  type Predictor,
  type RowMajorMatrix,
  SgpArgumentError,
  type SgpFitSummary,
  SgpNumericalError,
  type SgpPrediction,
  type SparseGpOptions,
  SparseGp,
  matrixFromRows,
  predictionMetrics,
  rootMeanSquaredError,
} from './index.js';

// The public API as a consumer's compiler sees it: checked by `vitest` (typecheck) and `tsc`.
describe('@opnas/sgp public types', () => {
  it('SparseGp takes typed options whose defaults are documented, and rejects unknown ones', () => {
    expectTypeOf(SparseGp).constructorParameters.toEqualTypeOf<[options?: SparseGpOptions]>();
    expectTypeOf<SparseGpOptions['learningRate']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<SparseGpOptions['epochs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<SparseGpOptions['signal']>().toEqualTypeOf<AbortSignal | undefined>();
    new SparseGp({ epochs: 500, learningRate: 1e-2, seed: 3 });
    // @ts-expect-error a misspelt option does not compile
    new SparseGp({ learningRat: 1e-2 });
    // @ts-expect-error options are numbers, not strings
    new SparseGp({ epochs: '500' });
  });

  it('is a Predictor: fit(X, y) resolves to a summary, predict(X) gives Gaussian marginals', () => {
    expectTypeOf<SparseGp>().toExtend<Predictor>();
    expectTypeOf<SparseGp['fit']>().parameters.toEqualTypeOf<[x: RowMajorMatrix, y: ArrayLike<number>]>();
    expectTypeOf<SparseGp['fit']>().returns.toEqualTypeOf<Promise<SgpFitSummary>>();
    expectTypeOf<SgpFitSummary>().toHaveProperty('epochs').toEqualTypeOf<number>();
    expectTypeOf<SparseGp['predict']>().returns.toEqualTypeOf<SgpPrediction>();
    expectTypeOf<SgpPrediction>().toExtend<Prediction>();
    expectTypeOf<Prediction['mean']>().toEqualTypeOf<Float64Array>();
    expectTypeOf<Prediction['variance']>().toEqualTypeOf<Float64Array>();
  });

  it('takes row-major matrices of any numeric array, such as the Float32Array of a latents file', () => {
    expectTypeOf<{ rows: number; cols: number; data: Float32Array }>().toExtend<RowMajorMatrix>();
    expectTypeOf<{ rows: number; cols: number; data: number[] }>().toExtend<RowMajorMatrix>();
    expectTypeOf<{ rows: number; data: Float64Array }>().not.toExtend<RowMajorMatrix>();
    expectTypeOf(matrixFromRows).parameter(0).toEqualTypeOf<readonly (readonly number[])[]>();
    expectTypeOf(matrixFromRows).returns.toEqualTypeOf<RowMajorMatrix>();
  });

  it('metrics take plain arrays and a named scale', () => {
    expectTypeOf(rootMeanSquaredError).toEqualTypeOf<(prediction: ArrayLike<number>, target: ArrayLike<number>) => number>();
    expectTypeOf(predictionMetrics).parameter(2).toEqualTypeOf<'standardised-negated-accuracy' | 'accuracy'>();
  });

  it('errors are OpnasErrors with a literal code (and the argument for bad input)', () => {
    expectTypeOf<SgpArgumentError>().toExtend<OpnasError>();
    expectTypeOf<SgpArgumentError['code']>().toEqualTypeOf<'invalid-argument'>();
    expectTypeOf<SgpArgumentError['argument']>().toEqualTypeOf<string>();
    expectTypeOf<SgpNumericalError['code']>().toEqualTypeOf<'numerical-failure'>();
    expectTypeOf<SgpNumericalError['package']>().toEqualTypeOf<string>();
  });
});
