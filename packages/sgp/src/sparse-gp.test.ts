import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { SgpArgumentError } from './errors.js';
import { rootMeanSquaredError } from './prediction-metrics.js';
import { STILL_IMPROVING_SHARE, type SgpCheckpoint, type SgpProgress, SparseGp } from './sparse-gp.js';
import { SgpParameters } from './sgp-parameters.js';
import { lcg } from './testing/fixtures.js';

function seKernel(a: Float64Array, i: number, b: Float64Array, j: number, d: number, lls: ArrayLike<number>, sf: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) s += (a[i * d + c]! - b[j * d + c]!) ** 2 / Math.exp(lls[c]!);
  return sf * Math.exp(-0.5 * s);
}

describe('SparseGp: with Z = X the EP posterior is the exact GP posterior', () => {
  // Derivation. With Z = X (M = N), K = K_XX + εσ_f·I (ε = 1e-3, the jitter). Choose the sites
  // LLᵀ = I/s² and m̂ = y/s². Then S_post = (K⁻¹ + I/s²)⁻¹ and, at prediction (c = 0),
  //   mean(x) = k K⁻¹ S_post m̂ = k (K + s²I)⁻¹ y
  //   σ_f + k(K⁻¹S_postK⁻¹ − K⁻¹)kᵀ = σ_f − k (K + s²I)⁻¹ kᵀ        (Woodbury)
  // and K + s²I = K_XX + (εσ_f + s²)·I. With s² = σ_n² − εσ_f this is the exact GP with noise
  // variance σ_n²: mean = k(K_XX + σ_n²I)⁻¹y, var = σ_f − k(K_XX + σ_n²I)⁻¹kᵀ + σ_n².
  it('predictive mean and variance equal the closed form to 1e-8', () => {
    const rnd = lcg(42);
    const n = 14;
    const d = 2;
    const t = 9;
    const x = Float64Array.from({ length: n * d }, () => 3 * rnd());
    const xt = Float64Array.from({ length: t * d }, () => 3 * rnd());
    xt.set(x.subarray(0, d)); // one test point on a training input
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(2 * x[i * d]!) + x[i * d + 1]! + 0.1 * rnd());
    const sf = 1.3;
    const noise = 0.05;
    const lls = [Math.log(0.4), Math.log(0.9)];
    const s2 = noise - 1e-3 * sf;

    const p = new SgpParameters(n, d);
    p.z.set(x);
    for (let i = 0; i < n; i++) {
      p.mHat[i] = y[i]! / s2;
      p.l[i * n + i] = 1 / Math.sqrt(s2);
    }
    p.logLengthscales.set(lls);
    p.logSignalVariance = Math.log(sf);
    p.logNoiseVariance = Math.log(noise);
    const gp = SparseGp.fromParameters(p, n, { threads: 1 });
    const pred = gp.predict({ rows: t, cols: d, data: xt });

    // exact GP closed form
    const kxx = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) kxx.set(i, j, seKernel(x, i, x, j, d, lls, sf) + (i === j ? noise : 0));
    const chol = new CholeskyDecomposition(kxx);
    const alpha = chol.solve(Matrix.columnVector(Array.from(y)));
    for (let r = 0; r < t; r++) {
      const k = new Matrix(n, 1);
      for (let j = 0; j < n; j++) k.set(j, 0, seKernel(xt, r, x, j, d, lls, sf));
      const mean = k.transpose().mmul(alpha).get(0, 0);
      const latent = sf - k.transpose().mmul(chol.solve(k)).get(0, 0);
      expect(Math.abs(pred.mean[r]! - mean)).toBeLessThan(1e-8);
      expect(Math.abs(pred.latentVariance[r]! - latent)).toBeLessThan(1e-8);
      expect(Math.abs(pred.variance[r]! - (latent + noise))).toBeLessThan(1e-8);
    }
  });
});

/** y = f(x) + N(0, σ²) on [−1.5, 1.5]², f smooth. */
function synthetic(n: number, seed: number, sigma: number) {
  const rnd = lcg(seed);
  const gauss = () => {
    const u = rnd() + 0.5 || 1e-12;
    const v = rnd() + 0.5;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const x = Float64Array.from({ length: 2 * n }, () => 3 * rnd());
  const f = Float64Array.from({ length: n }, (_, i) => Math.sin(2 * x[2 * i]!) + 0.5 * Math.cos(3 * x[2 * i + 1]!) + 0.3 * x[2 * i]!);
  const y = f.map((v) => v + sigma * gauss());
  return { x, f, y };
}

describe('SparseGp.fit', () => {
  it('on a synthetic function with noise sd 0.1, test RMSE reaches the noise floor', async () => {
    const sigma = 0.1;
    const train = synthetic(600, 1, sigma);
    const test = synthetic(400, 2, sigma);
    const gp = new SparseGp({ inducingPoints: 40, minibatchSize: 150, epochs: 300, learningRate: 0.02, seed: 3, threads: 1 });
    await gp.fit({ rows: 600, cols: 2, data: train.x }, train.y);
    const pred = gp.predict({ rows: 400, cols: 2, data: test.x });
    // the floor: the true function's own RMSE against the noisy test targets (≈ σ)
    const floor = rootMeanSquaredError(test.f, test.y);
    expect(floor).toBeGreaterThan(0.9 * sigma);
    expect(rootMeanSquaredError(pred.mean, test.y)).toBeLessThan(1.05 * floor);
    expect(rootMeanSquaredError(pred.mean, test.f)).toBeLessThan(0.4 * sigma);
    // (the learned noise variance is not checked: FITC-type energies are known to shrink it)
  });

  it('reports progress after every Adam step, with ceil(N/minibatch) batches per epoch', async () => {
    const data = synthetic(50, 5, 0.1);
    const seen: SgpProgress[] = [];
    const gp = new SparseGp({ inducingPoints: 8, minibatchSize: 20, epochs: 3, onProgress: (p) => seen.push(p), threads: 1 });
    const summary = await gp.fit({ rows: 50, cols: 2, data: data.x }, data.y);
    expect(seen.length).toBe(9);
    expect(seen.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen.map((p) => `${p.epoch}.${p.batch}`)).toEqual(['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3']);
    expect(seen.every((p) => p.totalSteps === 9 && p.batches === 3 && Number.isFinite(p.energy))).toBe(true);
    expect(summary.steps).toBe(9);
  });

  it("reports its final energy: the last epoch's minibatch energies summed, per epoch per point", async () => {
    const data = synthetic(50, 5, 0.1);
    const seen: SgpProgress[] = [];
    const gp = new SparseGp({ inducingPoints: 8, minibatchSize: 20, epochs: 3, onProgress: (p) => seen.push(p), threads: 1 });
    const summary = await gp.fit({ rows: 50, cols: 2, data: data.x }, data.y);
    const byEpoch = [1, 2, 3].map((e) => seen.filter((p) => p.epoch === e).reduce((sum, p) => sum + p.energy, 0));
    expect(summary.finalEnergy).toBe(byEpoch[2]);
    expect(summary.energyPerPointByEpoch).toEqual(byEpoch.map((e) => e / 50));
    expect(summary.lastEpochEnergyPerPoint).toBe(byEpoch[2]! / 50);
    expect(summary.lastEpochImprovement).toBe(byEpoch[2]! / 50 - byEpoch[1]! / 50);
    // 3 epochs: the last tenth is the last epoch.
    expect(summary.recentImprovementPerEpoch).toBe(summary.lastEpochImprovement);
    const gain = byEpoch[2]! / 50 - byEpoch[0]! / 50;
    expect(gain).toBeGreaterThan(0);
    expect(summary.recentShareOfGain).toBeCloseTo(summary.lastEpochImprovement! / gain, 12);
    expect(summary.stillImproving).toBe(summary.recentShareOfGain! > STILL_IMPROVING_SHARE);
  });

  it('says whether the fit was still improving at its last epoch, so an underfit is visible', async () => {
    const train = synthetic(400, 11, 0.1);
    const x = { rows: 400, cols: 2, data: train.x };
    // The paper's learning rate over a few epochs: the energy is still climbing steeply.
    const early = await new SparseGp({ inducingPoints: 20, minibatchSize: 100, epochs: 5, seed: 2, threads: 1 }).fit(x, train.y);
    expect(early.stillImproving).toBe(true);
    expect(early.recentShareOfGain!).toBeGreaterThan(2 * STILL_IMPROVING_SHARE);
    // A larger rate, long enough to level off: the last epoch gains (almost) nothing.
    const done = await new SparseGp({ inducingPoints: 20, minibatchSize: 400, epochs: 600, learningRate: 0.02, seed: 2, threads: 1 }).fit(x, train.y);
    expect(done.stillImproving).toBe(false);
    expect(done.recentShareOfGain!).toBeLessThan(STILL_IMPROVING_SHARE);
    // The trend is the rise over the last 60 epochs, per epoch and as a share of the whole gain.
    const e = done.energyPerPointByEpoch;
    expect(done.recentImprovementPerEpoch).toBeCloseTo((e[599]! - e[539]!) / 60, 12);
    expect(done.recentShareOfGain).toBeCloseTo((e[599]! - e[539]!) / (e[599]! - e[0]!), 12);
    expect(done.lastEpochEnergyPerPoint).toBeGreaterThan(early.lastEpochEnergyPerPoint);
    // One epoch shows nothing about levelling off.
    const one = await new SparseGp({ inducingPoints: 20, minibatchSize: 100, epochs: 1, seed: 2, threads: 1 }).fit(x, train.y);
    expect(one.lastEpochImprovement).toBeNull();
    expect(one.recentImprovementPerEpoch).toBeNull();
    expect(one.recentShareOfGain).toBeNull();
    expect(one.stillImproving).toBe(true);
  });

  it('is reproducible for a seed and resumes from a checkpoint exactly', async () => {
    const data = synthetic(60, 6, 0.2);
    const x = { rows: 60, cols: 2, data: data.x };
    const base = { inducingPoints: 10, minibatchSize: 25, epochs: 4, seed: 9, threads: 1 } as const;
    const straight = new SparseGp(base);
    await straight.fit(x, data.y);
    const again = new SparseGp(base);
    await again.fit(x, data.y);
    expect(Array.from(again.parameters.values)).toEqual(Array.from(straight.parameters.values));

    const checkpoints: SgpCheckpoint[] = [];
    await new SparseGp({ ...base, epochs: 2, onCheckpoint: (c) => void checkpoints.push(c) }).fit(x, data.y);
    expect(checkpoints.map((c) => c.epoch)).toEqual([1, 2]);
    // a JSON round trip, as a checkpoint file would make
    const json = JSON.parse(JSON.stringify(checkpoints[1], (_, v) => (v instanceof Float64Array ? Array.from(v) : v)));
    const restored: SgpCheckpoint = {
      ...json,
      parameters: Float64Array.from(json.parameters),
      adam: { ...json.adam, m: Float64Array.from(json.adam.m), v: Float64Array.from(json.adam.v) },
    };
    const resumed = new SparseGp({ ...base, resumeFrom: restored });
    const summary = await resumed.fit(x, data.y);
    expect(summary.steps).toBe(4 * 3);
    expect(Array.from(resumed.parameters.values)).toEqual(Array.from(straight.parameters.values));
    // and a different seed gives a different fit
    const other = new SparseGp({ ...base, seed: 10 });
    await other.fit(x, data.y);
    expect(Array.from(other.parameters.values)).not.toEqual(Array.from(straight.parameters.values));
  });

  it('warm start: initialParameters is where Adam starts (each step moves a value by at most ≈ the learning rate)', async () => {
    const data = synthetic(60, 6, 0.2);
    const x = { rows: 60, cols: 2, data: data.x };
    const base = { inducingPoints: 10, minibatchSize: 25, seed: 9, threads: 1 } as const;
    const first = new SparseGp({ ...base, epochs: 4 });
    await first.fit(x, data.y);
    const start = first.parameters.values;
    const warm = new SparseGp({ ...base, epochs: 1, learningRate: 1e-4, seed: 10, initialParameters: start });
    const summary = await warm.fit(x, data.y);
    const moved = Math.max(...Array.from(warm.parameters.values, (v, i) => Math.abs(v - start[i]!)));
    // 3 Adam steps of size ≤ lr · (1 + a little) each
    expect(summary.steps).toBe(3);
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(3.5e-4);
    // the same fit without it starts from the seed-10 initialisation, far from the first fit
    const cold = new SparseGp({ ...base, epochs: 1, learningRate: 1e-4, seed: 10 });
    await cold.fit(x, data.y);
    expect(Math.max(...Array.from(cold.parameters.values, (v, i) => Math.abs(v - start[i]!)))).toBeGreaterThan(0.01);
    // the input is copied, not adopted
    expect(Array.from(start)).toEqual(Array.from(first.parameters.values));
    await expect(new SparseGp({ ...base, initialParameters: new Float64Array(7) }).fit(x, data.y)).rejects.toThrow(
      '@opnas/sgp: initialParameters has 7 values, M = 10 inducing points in D = 2 dimensions need 134',
    );
    const bad = Float64Array.from(start);
    bad[3] = Number.NaN;
    await expect(new SparseGp({ ...base, initialParameters: bad }).fit(x, data.y)).rejects.toThrow(SgpArgumentError);
  });

  it('stops between minibatches when its signal aborts', async () => {
    const data = synthetic(40, 7, 0.1);
    const controller = new AbortController();
    const gp = new SparseGp({
      inducingPoints: 5,
      minibatchSize: 10,
      epochs: 5,
      threads: 1,
      signal: controller.signal,
      onProgress: (p) => p.step === 2 && controller.abort(new Error('stop here')),
    });
    await expect(gp.fit({ rows: 40, cols: 2, data: data.x }, data.y)).rejects.toThrow('stop here');
  });
});

describe('SparseGp: bad input is a typed error naming the argument', () => {
  const good = synthetic(30, 8, 0.1);
  const x = { rows: 30, cols: 2, data: good.x };
  const fitWith = (xx: { rows: number; cols: number; data: ArrayLike<number> }, yy: ArrayLike<number>, m = 5) =>
    new SparseGp({ inducingPoints: m, epochs: 1, threads: 1 }).fit(xx, yy);

  it('NaN in X names x, the row and the column', async () => {
    const bad = Float64Array.from(good.x);
    bad[2 * 7 + 1] = Number.NaN;
    await expect(fitWith({ ...x, data: bad }, good.y)).rejects.toThrow(SgpArgumentError);
    await expect(fitWith({ ...x, data: bad }, good.y)).rejects.toThrow('@opnas/sgp: x has a non-finite value (NaN) at row 7, column 1');
  });

  it('NaN or Infinity in y names y and the index', async () => {
    const bad = Float64Array.from(good.y);
    bad[4] = Number.POSITIVE_INFINITY;
    await expect(fitWith(x, bad)).rejects.toThrow('@opnas/sgp: y has a non-finite value (Infinity) at index 4');
  });

  it('mismatched shapes', async () => {
    await expect(fitWith(x, good.y.subarray(1))).rejects.toThrow('@opnas/sgp: y has 29 values but x has 30 rows');
    await expect(fitWith({ rows: 30, cols: 3, data: good.x }, good.y)).rejects.toThrow('@opnas/sgp: x is 30×3 but holds 60 values');
  });

  it('M > N', async () => {
    const err = await fitWith(x, good.y, 31).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SgpArgumentError);
    expect((err as SgpArgumentError).argument).toBe('inducingPoints');
    expect((err as Error).message).toBe('@opnas/sgp: inducingPoints (31) exceeds the number of training points (30)');
  });

  it('zero-variance targets', async () => {
    await expect(fitWith(x, new Float64Array(30).fill(0.7))).rejects.toThrow('@opnas/sgp: y has zero variance (every target is 0.7)');
  });

  it('predict before fit, and with the wrong number of columns', async () => {
    expect(() => new SparseGp().predict(x)).toThrow('@opnas/sgp: predict called before fit');
    const gp = new SparseGp({ inducingPoints: 5, epochs: 1, threads: 1 });
    await gp.fit(x, good.y);
    expect(() => gp.predict({ rows: 2, cols: 3, data: new Float64Array(6) })).toThrow('@opnas/sgp: x has 3 columns but Z has 2');
  });
});
