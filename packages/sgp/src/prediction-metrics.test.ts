import { describe, expect, it } from 'vitest';
import { accuracyPredictionMetrics, meanLogLikelihood, predictionMetrics, rootMeanSquaredError } from './prediction-metrics.js';
import { normaliseTargets, targetStatistics } from '@opnas/metrics';

describe('prediction metrics (protocol §6.7)', () => {
  it('RMSE and the mean Gaussian log-likelihood by their definitions', () => {
    expect(rootMeanSquaredError([1, 2, 3], [1, 0, 3])).toBeCloseTo(Math.sqrt(4 / 3), 15);
    const ll = meanLogLikelihood([0, 1], [1, 4], [0.5, -1]);
    const want = (-0.5 * Math.log(2 * Math.PI) - 0.125 + (-0.5 * Math.log(8 * Math.PI) - 4 / 8)) / 2;
    expect(ll).toBeCloseTo(want, 15);
  });

  it('default scale is the standardised negated accuracy of protocol §1.7, named in the result', () => {
    const trainAcc = [0.73, 0.74, 0.735, 0.728, 0.741];
    const norm = targetStatistics(trainAcc);
    const testAcc = [0.732, 0.737, 0.745, 0.726];
    const yTest = normaliseTargets(testAcc, norm);
    const prediction = { mean: Float64Array.from([0.1, -0.3, -1.1, 0.8]), variance: Float64Array.from([0.2, 0.3, 0.25, 0.5]) };
    const m = accuracyPredictionMetrics(prediction, testAcc, norm);
    expect(m.scale).toBe('standardised-negated-accuracy');
    expect(m.count).toBe(4);
    expect(m).toEqual(predictionMetrics(prediction, yTest, 'standardised-negated-accuracy'));
  });

  it('accuracy scale: RMSE × sd, log-likelihood − log sd, correlations unchanged', () => {
    const trainAcc = [0.73, 0.74, 0.735, 0.728, 0.741];
    const norm = targetStatistics(trainAcc);
    const testAcc = [0.732, 0.737, 0.745, 0.726];
    const prediction = { mean: Float64Array.from([0.1, -0.3, -1.1, 0.8]), variance: Float64Array.from([0.2, 0.3, 0.25, 0.5]) };
    const s = accuracyPredictionMetrics(prediction, testAcc, norm);
    const a = accuracyPredictionMetrics(prediction, testAcc, norm, { scale: 'accuracy' });
    expect(a.scale).toBe('accuracy');
    expect(a.rmse).toBeCloseTo(s.rmse * norm.sd, 14);
    expect(a.testLogLikelihood).toBeCloseTo(s.testLogLikelihood - Math.log(norm.sd), 10);
    expect(a.pearson).toBeCloseTo(s.pearson, 12);
    expect(a.spearman).toBeCloseTo(s.spearman, 12);
    expect(a.kendallTau).toBeCloseTo(s.kendallTau, 12);
  });
});

describe('target normalisation (protocol §1.7)', () => {
  it('negates, then standardises with the training mean and population sd', () => {
    const norm = targetStatistics([0.7, 0.8, 0.9]);
    expect(norm.mean).toBeCloseTo(-0.8, 15);
    expect(norm.sd).toBeCloseTo(Math.sqrt(0.02 / 3), 15); // ddof = 0
    const y = normaliseTargets([0.7, 0.8, 0.9], norm);
    expect(y[0]).toBeCloseTo(0.1 / Math.sqrt(0.02 / 3), 12); // low accuracy → high y (BO minimises)
    expect(y[1]).toBeCloseTo(0, 12);
  });

  it('rejects constant or non-finite training accuracies', () => {
    expect(() => targetStatistics([0.5, 0.5])).toThrow('@opnas/metrics: training accuracies have zero variance');
    expect(() => targetStatistics([0.5, Number.NaN])).toThrow('@opnas/metrics: value 1 is NaN, not a finite number');
  });
});
