import { resolveEnasDataPath } from '@opnas/enas-data';
import { loadEnasDataset } from '@opnas/enas-data';
import { describe, expect, it } from 'vitest';
import { accuracyPredictionMetrics } from './prediction-metrics.js';
import { denormaliseTargets, normaliseTargets, targetStatistics } from '@opnas/metrics';

const dataPath = (await resolveEnasDataPath()).path;

describe('target normalisation on the ENAS data (protocol §1.6–1.7)', () => {
  it('train statistics of y = −acc are mean −0.7363161, population sd 0.0061347; the constant predictor scores RMSE ≈ 0.976', async () => {
    const data = await loadEnasDataset({ path: dataPath });
    const trainAcc = data.train.map((r) => r.accuracy);
    const testAcc = data.test.map((r) => r.accuracy);
    const norm = targetStatistics(trainAcc);
    expect(norm.mean).toBeCloseTo(-0.7363161, 7);
    expect(norm.sd).toBeCloseTo(0.0061347, 7);
    // the train mean is 0 on the standardised scale
    const constant = { mean: new Float64Array(testAcc.length), variance: new Float64Array(testAcc.length).fill(1) };
    const metrics = accuracyPredictionMetrics(constant, testAcc, norm);
    expect(metrics.rmse).toBeCloseTo(0.976, 3);
    // and the round trip back to accuracy is exact to rounding
    const back = denormaliseTargets(normaliseTargets(testAcc, norm), norm);
    for (let i = 0; i < testAcc.length; i++) expect(back[i]).toBeCloseTo(testAcc[i]!, 14);
  });
});
