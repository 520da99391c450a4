import { denormaliseTargets, normaliseTargets, targetStatistics } from '@opnas/metrics';
import { PythonRandom } from '@opnas/rng';
import { SparseGp, disposeLinalgThreads, sgpPredictiveState } from '@opnas/sgp';
import { afterAll, describe, expect, it } from 'vitest';
import { predictAccuracy } from './sgp-predictor.js';

afterAll(() => disposeLinalgThreads());

describe('predictAccuracy', () => {
  it("matches @opnas/sgp's prediction of a fitted GP, mapped back to accuracies (protocol §1.7)", async () => {
    const rng = new PythonRandom(3);
    const n = 300;
    const dim = 4;
    const x = Float64Array.from({ length: n * dim }, () => rng.gauss(0, 1));
    const accuracy = Float64Array.from({ length: n }, (_, i) => 0.73 + 0.005 * Math.sin(x[i * dim]!) - (0.003 * x[i * dim + 1]! ** 2) / 4 + 0.001 * rng.gauss(0, 1));
    const stats = targetStatistics(accuracy);
    const gp = new SparseGp({ seed: 1, inducingPoints: 12, epochs: 5, threads: 1 });
    await gp.fit({ rows: n, cols: dim, data: x }, normaliseTargets(accuracy, stats));
    const p = gp.parameters;
    const s = sgpPredictiveState(p);
    const state = {
      inducingCount: p.inducingCount,
      dim,
      z: Float64Array.from(p.z),
      logLengthscales: Float64Array.from(p.logLengthscales),
      logSignalVariance: p.logSignalVariance,
      logNoiseVariance: p.logNoiseVariance,
      a: s.a,
      phi: s.phi,
      targetMean: stats.mean,
      targetSd: stats.sd,
    };
    const queries = Float64Array.from({ length: 20 * dim }, () => rng.gauss(0, 1.5));
    const reference = gp.predict({ rows: 20, cols: dim, data: queries });
    const referenceAccuracy = denormaliseTargets(reference.mean, stats);
    for (let i = 0; i < 20; i++) {
      const ours = predictAccuracy(state, queries.subarray(i * dim, (i + 1) * dim));
      expect(ours.accuracy).toBeCloseTo(referenceAccuracy[i]!, 10);
      expect(ours.sd).toBeCloseTo(Math.sqrt(reference.variance[i]!) * stats.sd, 10);
    }
  });

  it('refuses a point of the wrong dimension', () => {
    const state = {
      inducingCount: 1,
      dim: 2,
      z: new Float64Array(2),
      logLengthscales: new Float64Array(2),
      logSignalVariance: 0,
      logNoiseVariance: 0,
      a: new Float64Array(1),
      phi: new Float64Array(1),
      targetMean: 0,
      targetSd: 1,
    };
    expect(() => predictAccuracy(state, [1, 2, 3])).toThrow('explorer: the GP takes 2-dimensional points, got 3');
  });
});
