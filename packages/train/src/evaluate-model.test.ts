import type { Dag } from '@opnas/dag';
import { dagToEnasFlat, isSameDag, isValidEnas } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import { initRuntime, tf } from '@opnas/runtime';
import type { Tensor2D } from '@opnas/runtime';
import { createModel, encodeMean } from '@opnas/vae';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoDecode } from './echo-model.test-fixture.js';
import { evaluateModel } from './evaluate-model.js';
import { extractLatents } from './extract-latents.js';
import { columnMoments, priorValidity } from './prior-validity.js';
import { reconstructionAccuracy, reconstructionJobSeed } from './reconstruction-accuracy.js';
import { TINY, testDataset } from './test-data.test-util.js';
import { WorkerPool } from './worker-pool.js';

const echoModule = new URL('./echo-model.test-fixture.ts', import.meta.url).href;
const pools: WorkerPool[] = [];
let train: Dag[];
let test: Dag[];

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
  const dataset = await testDataset();
  train = dataset.train.slice(0, 600).map((r) => r.dag);
  test = dataset.test.slice(0, 50).map((r) => r.dag);
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

async function echoPool(workers: number): Promise<WorkerPool> {
  const pool = await WorkerPool.forModel(createModel('test-echo'), {}, { workers, registerModules: [echoModule] });
  pools.push(pool);
  return pool;
}

describe('evaluation with a model of known behaviour (test-echo: exact reconstruction)', () => {
  it('reconstructs every test graph in every decoding; the NLL is the loss at μ', async () => {
    const pool = await echoPool(2);
    const result = await reconstructionAccuracy(pool, test, { decodings: 7, chunkSize: 16, decodingsPerJob: 3 });
    expect(result).toEqual({ accuracy: 1, nll: 8, decodings: 50 * 7, matches: 50 * 7 });
  });

  it('validity, uniqueness and novelty agree with a plain recount (novelty by linear scan, as the reference)', async () => {
    const pool = await echoPool(2);
    const trainMu = (await pool.encode(train)).mu;
    const result = await priorValidity(pool, trainMu, 16, train, { points: 300, decodings: 2, chunkSize: 64, seed: 5 });
    // Plain recount: the same 300 points (PythonRandom(5), row-major ε·s + m), each decoded twice.
    const { mean, sd } = columnMoments(trainMu, 16);
    const random = new PythonRandom(5);
    const decoded: Dag[] = [];
    for (let p = 0; p < 300; p++) {
      const row = Array.from({ length: 16 }, (_, d) => Math.fround(random.gauss() * sd[d]! + mean[d]!));
      decoded.push(echoDecode(row), echoDecode(row));
    }
    const valid = decoded.filter((g) => isValidEnas(g));
    const known = valid.filter((g) => train.some((t) => isSameDag(g, t))).length;
    expect(valid.length).toBeGreaterThan(0);
    expect(result.decodings).toBe(600);
    expect(result.valid).toBe(valid.length);
    expect(result.validity).toBe(valid.length / 600);
    expect(result.validity8).toBe(decoded.filter((g) => isValidEnas(g, { vertexCount: 8 })).length / 600);
    expect(result.uniqueness).toBe(new Set(valid.map((g) => dagToEnasFlat(g))).size / valid.length);
    expect(result.novelty).toBe(1 - known / valid.length);
    // A "training set" that holds some of the decodings: novelty must drop by exactly their share.
    const seen = valid.filter((_, i) => i % 3 === 0);
    const again = await priorValidity(pool, trainMu, 16, seen, { points: 300, decodings: 2, chunkSize: 64, seed: 5 });
    const repeats = valid.filter((g) => seen.some((t) => isSameDag(g, t))).length;
    expect(repeats).toBeGreaterThan(0);
    expect(again.novelty).toBe(1 - repeats / valid.length);
  });

  it('column moments are the mean and population sd', () => {
    const { mean, sd } = columnMoments(Float32Array.of(1, 10, 3, 10, 5, 40), 2);
    expect(Array.from(mean)).toEqual([3, 20]);
    expect(sd[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(sd[1]).toBeCloseTo(Math.sqrt(200), 12);
  });
});

describe('evaluation of a real model (tiny dvae) on workers', () => {
  it('counts the same matches as a plain single-thread decode with the same generators, for 1 and 2 workers', async () => {
    const options = { ...TINY, seed: 2 };
    const model = createModel('dvae', options);
    // Plain: μ in this thread, then job k = the chunk's μ tiled, decoded with PythonRandom(jobSeed(1, k)).
    const mu = encodeMean(model, test);
    let matches = 0;
    let job = 0;
    const jobs: { z: Float32Array; seed: number }[] = [];
    const plainGraphs: Dag[][] = [];
    for (let start = 0; start < test.length; start += 20) {
      const rows = Math.min(20, test.length - start);
      for (let d = 0; d < 4; d += 2) {
        const z = new Float32Array(2 * rows * TINY.latentSize);
        for (let c = 0; c < 2; c++) z.set(mu.subarray(start * TINY.latentSize, (start + rows) * TINY.latentSize), c * rows * TINY.latentSize);
        const tensor = tf.tensor2d(z, [2 * rows, TINY.latentSize]) as Tensor2D;
        const seed = reconstructionJobSeed(1, job++);
        const out = model.decode(tensor, { random: new PythonRandom(seed) });
        tensor.dispose();
        jobs.push({ z, seed });
        plainGraphs.push(out);
        out.forEach((g, r) => {
          if (isSameDag(g, test[start + (r % rows)]!)) matches++;
        });
      }
    }
    for (const workers of [1, 2]) {
      const pool = await WorkerPool.forModel(model, options, { workers });
      pools.push(pool);
      const result = await reconstructionAccuracy(pool, test, { decodings: 4, chunkSize: 20, decodingsPerJob: 2 });
      expect(result.matches).toBe(matches);
      // The decodings themselves, not just the count (an untrained model matches rarely).
      expect(await pool.decode(jobs)).toEqual(plainGraphs);
      expect(result.nll).toBeCloseTo(tf.tidy(() => model.loss(test, { training: false }).recon.dataSync()[0]!) / test.length, 2);
    }
    model.dispose();
  });

  it('evaluateModel reports the six metrics, and extractLatents the means with accuracies and indices', async () => {
    const dataset = await testDataset();
    const options = { ...TINY, seed: 4 };
    const model = createModel('dvae-emb', options);
    const pool = await WorkerPool.forModel(model, options, { workers: 2 });
    pools.push(pool);
    const stages = new Set<string>();
    const report = await evaluateModel(
      pool,
      { train: train.slice(0, 100), test: test.slice(0, 10) },
      {
        reconstruction: { decodings: 3 },
        validity: { points: 40, decodings: 2 },
        onProgress: (stage) => stages.add(stage),
      },
    );
    expect(Object.keys(report.metrics).sort()).toEqual(['novelty', 'reconstruction', 'testNll', 'uniqueness', 'validity', 'validity8']);
    for (const value of Object.values(report.metrics)) expect(Number.isFinite(value)).toBe(true);
    expect(report.validity.decodings).toBe(80);
    expect(report.metrics.validity8).toBeLessThanOrEqual(report.metrics.validity);
    expect([...stages].sort()).toEqual(['reconstruction', 'train-means', 'validity']);
    const records = { train: dataset.train.slice(0, 30), test: dataset.test.slice(0, 7) };
    const latents = await extractLatents(pool, records, { metadata: { model: 'dvae-emb' } });
    expect(latents.train).toMatchObject({ count: 30, dim: TINY.latentSize });
    expect(Array.from(latents.train.index)).toEqual(records.train.map((r) => r.index));
    expect(Array.from(latents.test.accuracy)).toEqual(records.test.map((r) => r.accuracy));
    expect(latents.test.mu).toEqual(
      encodeMean(
        model,
        records.test.map((r) => r.dag),
      ),
    );
    model.dispose();
  });
});
