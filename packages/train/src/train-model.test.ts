import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dag } from '@opnas/dag';
import { RELEASED_EMBEDDING_TABLE, embeddingFromJson } from '@opnas/op-embed';
import { PythonRandom } from '@opnas/rng';
import { initRuntime, tf } from '@opnas/runtime';
import { createModel } from '@opnas/vae';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAPER_ADAM, adamUpdate } from './adam.js';
import { CheckpointError, NonFiniteLossError, TrainError } from './errors.js';
import { parameterLayout, readVariables } from './parameter-layout.js';
import { ReduceLrOnPlateau } from './reduce-lr-on-plateau.js';
import { TINY, testDataset } from './test-data.test-util.js';
import { readCheckpoint, writeCheckpoint } from './training-checkpoint.js';
import { trainModel } from './train-model.js';

let scratch: string;
let graphs: Dag[];
beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
  scratch = await mkdtemp(join(tmpdir(), 'opnas-train-'));
  graphs = (await testDataset()).train.slice(0, 21).map((r) => r.dag);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/**
 * protocol §4.1 written out plainly in one thread: the list shuffled in place by PythonRandom(seed)
 * at every epoch, batches of B (the last partial), summed losses, one Adam step per batch, the
 * plateau scheduler stepped on the epoch's summed loss. Noise: PythonRandom(2³² + seed).
 */
function plainTraining(list: readonly Dag[], epochs: number, batchSize: number, lr: number, plateau: ConstructorParameters<typeof ReduceLrOnPlateau>[1]) {
  const model = createModel('dvae', { ...TINY, seed: 1 });
  const variables = model.variables();
  const layout = parameterLayout(variables);
  const params = new Float32Array(layout.size);
  readVariables(variables, layout, params);
  const m = new Float32Array(layout.size);
  const v = new Float32Array(layout.size);
  const data = [...list];
  const shuffler = new PythonRandom(1);
  const noise = new PythonRandom((1n << 32n) + 1n);
  const scheduler = new ReduceLrOnPlateau(lr, plateau);
  const epochsOut = [];
  let step = 0;
  for (let e = 0; e < epochs; e++) {
    shuffler.shuffle(data);
    let total = 0;
    const rate = scheduler.learningRate;
    for (let s = 0; s < data.length; s += batchSize) {
      const batch = data.slice(s, s + batchSize);
      const { value, grads } = tf.variableGrads(() => model.loss(batch, { random: noise }).loss, variables);
      total += value.dataSync()[0]!;
      const g = new Float32Array(layout.size);
      variables.forEach((x, i) => g.set(grads[x.name]!.dataSync() as Float32Array, layout.offsets[i]!));
      tf.dispose([value, ...Object.values(grads)]);
      adamUpdate({ params, m, v, grads: [g] }, ++step, rate, PAPER_ADAM);
      variables.forEach((x, i) => x.assign(tf.tensor(params.slice(layout.offsets[i]!, layout.offsets[i]! + x.size), x.shape)));
    }
    scheduler.step(total);
    epochsOut.push({ total: total / data.length, lr: rate });
  }
  model.dispose();
  return { params, epochs: epochsOut };
}

describe('trainModel', () => {
  it('runs protocol §4.1 exactly: the same weights and losses as a plain loop (1 worker)', async () => {
    // 21 graphs in batches of 4: 5 full batches and a partial one. A plateau rule that treats
    // anything short of halving the loss as bad: epoch 1 sets the best, epoch 2 is bad, so
    // epoch 3 runs at a tenth of the rate.
    const plateau = { patience: 0, threshold: 0.5 };
    const expected = plainTraining(graphs, 3, 4, 1e-2, plateau);
    const result = await trainModel({ model: 'dvae', modelOptions: TINY, graphs, epochs: 3, batchSize: 4, workers: 1, adam: { learningRate: 1e-2 }, scheduler: plateau });
    expect(result.status).toBe('completed');
    expect(result.log.map((e) => e.lr)).toEqual([1e-2, 1e-2, 1e-2 * 0.1]);
    expect(result.log.map((e) => e.lr)).toEqual(expected.epochs.map((e) => e.lr));
    result.log.forEach((entry, i) => {
      expect(entry.total).toBe(expected.epochs[i]!.total);
      expect(entry.total).toBeCloseTo(entry.recon + 0.005 * entry.kl, 4);
      expect(entry).toMatchObject({ model: 'dvae', iteration: 1, epoch: i + 1 });
    });
    const variables = result.model.variables();
    const final = new Float32Array(expected.params.length);
    readVariables(variables, parameterLayout(variables), final);
    expect(final).toEqual(expected.params);
    result.model.dispose();
  });

  it('reports progress after every batch and every epoch', async () => {
    const batches: number[] = [];
    const epochs: number[] = [];
    const result = await trainModel({
      model: 'dvae',
      modelOptions: TINY,
      graphs: graphs.slice(0, 10),
      epochs: 2,
      batchSize: 4,
      workers: 1,
      onBatch: (p) => batches.push(p.batch),
      onEpoch: (e) => epochs.push(e.epoch),
    });
    expect(batches).toEqual([1, 2, 3, 1, 2, 3]);
    expect(epochs).toEqual([1, 2]);
    result.model.dispose();
  });

  it('runs the T × N scheme for dvae-emb, carrying the learned table into a fresh model', async () => {
    const runDir = join(scratch, 'emb');
    const result = await trainModel({
      model: 'dvae-emb',
      modelOptions: TINY,
      graphs: graphs.slice(0, 8),
      epochs: 2,
      batchSize: 4,
      workers: 1,
      iterations: 2,
      runDir,
      initTable: 'released',
      adam: { learningRate: 1e-2 },
    });
    expect(result.log.map((e) => [e.iteration, e.epoch])).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
    ]);
    // A fresh Adam and scheduler: iteration 2 starts at the initial rate and from the same
    // seeded weights, so only the table differs from iteration 1's start.
    expect(result.log[2]!.lr).toBe(1e-2);
    const t1 = embeddingFromJson(await readFile(join(runDir, 'embeddings-iteration-1.json'), 'utf8')).table;
    const t2 = embeddingFromJson(await readFile(join(runDir, 'embeddings-iteration-2.json'), 'utf8')).table;
    expect(t1).toHaveLength(8);
    // The start table is recorded as iteration 0: here the released table (float32).
    const t0 = embeddingFromJson(await readFile(join(runDir, 'embeddings-iteration-0.json'), 'utf8')).table;
    expect(t0).toEqual(RELEASED_EMBEDDING_TABLE.map((row) => row.map((x) => Math.fround(x))));
    // Iteration 1 started from the released table and moved away from it; iteration 2 from t1.
    expect(t1[3]![0]).not.toBe(RELEASED_EMBEDDING_TABLE[3]![0]);
    expect(Math.abs(t1[3]![0]! - RELEASED_EMBEDDING_TABLE[3]![0]!)).toBeLessThan(0.1);
    expect(t2[3]![0]).not.toBe(t1[3]![0]);
    expect(Math.abs(t2[3]![0]! - t1[3]![0]!)).toBeLessThan(0.1);
    // The final weights file holds the table of the end of iteration 2.
    const final = result.model
      .referenceParameters()
      .find((p) => p.name === 'embeddings.weight')!
      .read();
    expect(Array.from(final.subarray(9, 12))).toEqual(t2[3]!.map((x) => Math.fround(x)));
    expect((await stat(join(runDir, 'model.safetensors'))).size).toBeGreaterThan(0);
    result.model.dispose();
  });

  it("carryOver 'all' keeps the learning rate schedule and Adam state across iterations", async () => {
    const result = await trainModel({
      model: 'dvae',
      modelOptions: TINY,
      graphs: graphs.slice(0, 8),
      epochs: 2,
      batchSize: 4,
      workers: 1,
      iterations: 2,
      carryOver: 'all',
      scheduler: { patience: 0, threshold: 0.9 },
    });
    // Under a 90 % threshold every epoch after the first is bad: the rate falls after epoch 2
    // and, with the scheduler carried over (best still epoch 1's), again after each epoch.
    expect(result.log.map((e) => e.lr)).toEqual([1e-4, 1e-4, 1e-4 * 0.1, 1e-4 * 0.1 * 0.1]);
    result.model.dispose();
  });

  it('stops at a non-finite loss with a clear error and leaves the last good checkpoint alone', async () => {
    const runDir = join(scratch, 'nan');
    const first = await trainModel({ model: 'dvae', modelOptions: TINY, graphs: graphs.slice(0, 8), epochs: 1, batchSize: 4, workers: 1, runDir });
    first.model.dispose();
    // Poison one weight in the checkpoint, as if the last update had overflowed.
    const path = join(runDir, 'checkpoint', 'checkpoint.safetensors');
    const good = await readCheckpoint(path);
    const weights = good.weights.slice();
    weights[5] = Number.POSITIVE_INFINITY;
    await writeCheckpoint(path, { ...good, weights });
    const before = await readFile(path);
    const log = await readFile(join(runDir, 'train-log.jsonl'), 'utf8');
    const run = trainModel({ model: 'dvae', modelOptions: TINY, graphs: graphs.slice(0, 8), epochs: 2, batchSize: 4, workers: 1, runDir, resume: true });
    await expect(run).rejects.toThrow(NonFiniteLossError);
    await expect(run).rejects.toThrow(
      /training stopped at iteration 1, epoch 2, batch 1: (loss is NaN|gradient of parameter tensor).*no update was applied; the last good checkpoint \(iteration 1, epoch 1\) is kept/,
    );
    expect((await readFile(path)).equals(before)).toBe(true);
    expect(await readFile(join(runDir, 'train-log.jsonl'), 'utf8')).toBe(log);
  });

  it('stops at a non-finite gradient with a finite loss, naming the parameter tensor', async () => {
    // test-echo's loss is finite at its start but the gradient of √|w| at w = 0 is not.
    const registerModules = [new URL('./echo-model.test-fixture.ts', import.meta.url).href];
    await import('./echo-model.test-fixture.js');
    const run = trainModel({ model: 'test-echo', graphs: graphs.slice(0, 4), epochs: 1, batchSize: 2, workers: 2, registerModules });
    await expect(run).rejects.toThrow(NonFiniteLossError);
    await expect(run).rejects.toThrow(
      /training stopped at iteration 1, epoch 1, batch 1: gradient of parameter tensor 0 \[2\] entry 0 is (NaN|-?Infinity) \(worker 0\); no update was applied$/,
    );
  });

  it('follows a per-step schedule batch by batch, and a stopped run resumes onto it exactly', async () => {
    // 8 graphs in batches of 4: 2 steps per epoch, 4 in all, the first epoch warm-up.
    const schedule = { warmupEpochs: 1, decay: 'cosine', finalFraction: 0.1 } as const;
    const base = { model: 'dvae', modelOptions: TINY, graphs: graphs.slice(0, 8), epochs: 2, batchSize: 4, workers: 1, adam: { learningRate: 0.01 }, schedule };
    const rates: number[] = [];
    const whole = await trainModel({ ...base, onBatch: (b) => rates.push(b.lr) });
    // Warm-up 0.01·1/2, 0.01·2/2; then cosine from the peak (progress 0) to 10 % of it (progress 1).
    expect(rates).toEqual([0.005, 0.01, 0.01, 0.001].map((r) => expect.closeTo(r, 12)));
    expect(whole.settings.scheduler).toBeNull();
    expect(whole.log.map((e) => e.lr)).toEqual([expect.closeTo(0.005, 12), expect.closeTo(0.01, 12)]);
    const runDir = join(scratch, 'scheduled');
    const controller = new AbortController();
    const stopped = await trainModel({ ...base, runDir, signal: controller.signal, onBatch: (b) => b.epoch === 2 && b.batch === 1 && controller.abort() });
    expect(stopped.status).toBe('stopped');
    stopped.model.dispose();
    const resumedRates: number[] = [];
    const resumed = await trainModel({ ...base, runDir, resume: true, onBatch: (b) => resumedRates.push(b.lr) });
    expect(resumedRates).toEqual([expect.closeTo(0.001, 12)]);
    const flat = (m: typeof whole.model) => {
      const variables = m.variables();
      const layout = parameterLayout(variables);
      const out = new Float32Array(layout.size);
      readVariables(variables, layout, out);
      return out;
    };
    expect(flat(resumed.model)).toEqual(flat(whole.model));
    await expect(trainModel({ ...base, runDir, resume: true, schedule: { ...schedule, finalFraction: 0.5 } })).rejects.toThrow(/settings.schedule.finalFraction differs/);
    await expect(trainModel({ ...base, scheduler: { patience: 3 } })).rejects.toThrow(/either schedule .* or scheduler/);
    whole.model.dispose();
    resumed.model.dispose();
  });

  it('refuses options that do not fit, naming them', async () => {
    const base = { modelOptions: TINY, graphs: graphs.slice(0, 4), epochs: 1, workers: 1 };
    await expect(trainModel({ ...base, model: 'dvae', initTable: 'released' })).rejects.toThrow(/initTable applies to models with an operation embedding; 'dvae' has none/);
    await expect(trainModel({ ...base, model: 'dvae', iterations: 2 })).rejects.toThrow(/carryOver 'embeddings' needs a model with an operation embedding/);
    await expect(trainModel({ ...base, model: 'dvae', batchSize: 0 })).rejects.toThrow(TrainError);
    await expect(trainModel({ ...base, model: 'dvae', graphs: [] })).rejects.toThrow(/graphs is empty/);
    await expect(trainModel({ ...base, model: 'dvae', workers: 0 })).rejects.toThrow(/workers must be a positive integer, got 0/);
    await expect(trainModel({ ...base, model: 'nope' })).rejects.toThrow(/unknown model 'nope'/);
    const runDir = join(scratch, 'taken');
    (await trainModel({ ...base, model: 'dvae', runDir })).model.dispose();
    await expect(trainModel({ ...base, model: 'dvae', runDir })).rejects.toThrow(CheckpointError);
    await expect(trainModel({ ...base, model: 'dvae', runDir, resume: true, batchSize: 2 })).rejects.toThrow(
      /cannot resume .*taken: settings.batchSize differs from the run's config.json/,
    );
    await expect(trainModel({ ...base, model: 'dvae', runDir, resume: true, graphs: graphs.slice(4, 8) })).rejects.toThrow(/data.fingerprint differs/);
    await expect(trainModel({ ...base, model: 'dvae', resume: true })).rejects.toThrow(/resume needs a runDir/);
  });
});
