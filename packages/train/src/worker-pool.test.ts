import { PythonRandom } from '@opnas/rng';
import { initRuntime, tf } from '@opnas/runtime';
import { createModel } from '@opnas/vae';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAPER_ADAM, adamUpdate } from './adam.js';
import { parameterLayout, readVariables } from './parameter-layout.js';
import { TINY, testDataset } from './test-data.test-util.js';
import { WorkerPool, shardRanges } from './worker-pool.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('shardRanges', () => {
  it('splits a batch into contiguous, near-equal shards covering it once', () => {
    expect(shardRanges(32, 2)).toEqual([
      [0, 16],
      [16, 32],
    ]);
    expect(shardRanges(30, 4)).toEqual([
      [0, 7],
      [7, 15],
      [15, 22],
      [22, 30],
    ]);
    expect(shardRanges(1, 2)).toEqual([
      [0, 0],
      [0, 1],
    ]);
  });
});

describe('WorkerPool data-parallel step', () => {
  const pools: WorkerPool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  // dvae-emb, and a model of another family (S-VAE): the pool works for any registered model.
  it.each(['dvae-emb', 'svae'])('gives the same losses and Adam step with 1 and 2 workers as a plain in-process step (%s)', async (name) => {
    const dataset = await testDataset();
    const graphs = dataset.train.slice(0, 40).map((r) => r.dag);
    const options = { ...TINY, seed: 3 };
    const model = createModel(name, options);
    const variables = model.variables();
    const layout = parameterLayout(variables);
    const initial = new Float32Array(layout.size);
    readVariables(variables, layout, initial);
    const batch = Array.from({ length: 13 }, (_, i) => 3 * i); // an odd size: shards of 6 and 7
    const noise = new PythonRandom(99);
    const noiseState = noise.getState();

    // Plain reference: the whole batch in this thread, one generator, one Adam step.
    const { value, grads } = tf.variableGrads(
      () =>
        model.loss(
          batch.map((i) => graphs[i]!),
          { random: noise },
        ).loss,
      variables,
    );
    const refLoss = value.dataSync()[0]!;
    const refGrad = new Float32Array(layout.size);
    variables.forEach((v, i) => refGrad.set(grads[v.name]!.dataSync() as Float32Array, layout.offsets[i]!));
    tf.dispose([value, ...Object.values(grads)]);
    const refParams = initial.slice();
    adamUpdate({ params: refParams, m: new Float32Array(layout.size), v: new Float32Array(layout.size), grads: [refGrad] }, 1, 1e-3, PAPER_ADAM);

    const results = [];
    for (const workers of [1, 2]) {
      const pool = await WorkerPool.start({ model: name, modelOptions: options, layout, workers });
      pools.push(pool);
      pool.weights.set(initial);
      pool.weightsChanged();
      await pool.setGraphs(graphs);
      const losses = await pool.gradient(batch, noiseState, TINY.latentSize);
      await pool.adamStep(1, 1e-3, PAPER_ADAM);
      results.push({ losses, params: pool.weights.slice() });
    }
    for (const { losses } of results) {
      expect(losses.nonFiniteGradient).toBeNull();
      expect(losses.loss).toBeCloseTo(refLoss, 3);
      expect(losses.loss).toBeCloseTo(losses.recon + 0.005 * losses.kld, 3);
    }
    // One worker runs the same float32 operations as this thread: the same bits.
    expect(results[0]!.losses.loss).toBe(refLoss);
    expect(results[0]!.params).toEqual(refParams);
    // Two workers sum two shard gradients: equal up to float rounding, far below the step
    // Adam takes (≈ lr = 1e-3 per parameter on its first step).
    let worst = 0;
    for (let i = 0; i < refParams.length; i++) worst = Math.max(worst, Math.abs(results[1]!.params[i]! - refParams[i]!));
    expect(worst).toBeLessThan(1e-6);
    expect(results[1]!.losses.loss).toBeCloseTo(results[0]!.losses.loss, 3);
    // The update really happened: most parameters moved by about lr.
    let moved = 0;
    for (let i = 0; i < initial.length; i++) if (Math.abs(results[1]!.params[i]! - initial[i]!) > 5e-4) moved++;
    expect(moved / initial.length).toBeGreaterThan(0.5);
    model.dispose();
  });
});
