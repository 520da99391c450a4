import { isValidEnas } from '@opnas/dag';
import type { Dag } from '@opnas/dag';
import { loadEnasDataset } from '@opnas/enas-data';
import { PythonRandom } from '@opnas/rng';
import { initRuntime, tf, variableGradientCheck } from '@opnas/runtime';
import type { Scalar } from '@opnas/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { plainLogLikelihood, readEnasGraphs, stateDict } from '@opnas/testing';
import { plainGcnEncode } from '@opnas/testing';
import { ComposedGraphVae } from './composed-model.js';
import { GCN, GCN_EMB } from './gcn.js';
import type { GcnModelOptions } from './gcn.js';
import type { GcnEncoder } from '@opnas/encoders';
import type { GraphVae } from './graph-vae.js';
import { createModel } from './model-registry.js';
// The memorisation check every model passes (shared with S-VAE and GraphRNN).
import { overfit as overfitGreedy } from '@opnas/testing';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

const graphs = readEnasGraphs(6, 900);
const size = (m: GraphVae) => m.variables().reduce((s, v) => s + v.size, 0);
type GcnModel = ComposedGraphVae<GcnModelOptions, GcnEncoder>;
const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** Eval-mode recon and KLD of the plain reference (GCN encoder + D-VAE decoder with the sum graph state). */
function plainLoss(model: GcnModel, batch: readonly Dag[]): { recon: number; kld: number } {
  const sd = stateDict(model.referenceParameters());
  const table = model.encoding.table().arraySync() as number[][];
  const config = { hiddenSize: model.hiddenSize, maxVertices: 8, bidirectional: false, table, graphState: 'sum' as const, startType: 0 };
  let recon = 0;
  let kld = 0;
  for (const g of batch) {
    const { mu, logvar } = plainGcnEncode(sd, g, model.encoder.levels.length, table, model.encoder.update);
    recon -= plainLogLikelihood(sd, g, mu, config);
    kld += -0.5 * mu.reduce((s, m, i) => s + 1 + logvar[i]! - m * m - Math.exp(logvar[i]!), 0);
  }
  return { recon, kld };
}

function evalLoss(model: GraphVae, batch: readonly Dag[]): { loss: number; recon: number; kld: number } {
  return tf.tidy(() => {
    const l = model.loss(batch, { training: false });
    return { loss: l.loss.dataSync()[0]!, recon: l.recon.dataSync()[0]!, kld: l.kld.dataSync()[0]! };
  });
}

describe('the gcn and gcn-emb compositions', () => {
  for (const [name, update] of [
    ['gcn', 'in-place'],
    ['gcn', 'simultaneous'],
    ['gcn-emb', 'in-place'],
  ] as const) {
    it(`${name}, ${update}: the loss equals the plain reference (GCN encoder, D-VAE decoder with the sum-of-states graph state)`, () => {
      const model = new ComposedGraphVae(name === 'gcn' ? GCN : GCN_EMB, { hiddenSize: 10, latentSize: 4, seed: 3, update });
      const ours = evalLoss(model, graphs);
      const plain = plainLoss(model, graphs);
      expect(Math.abs(ours.recon - plain.recon) / plain.recon).toBeLessThan(1e-5);
      expect(Math.abs(ours.kld - plain.kld)).toBeLessThan(1e-4 * Math.max(1, Math.abs(plain.kld)));
      model.dispose();
    });
  }

  it('gcn-emb shares one table between the encoder level 0 and the decoder GRU input', () => {
    const model = new ComposedGraphVae(GCN_EMB, { hiddenSize: 6, latentSize: 3 });
    expect(model.encoder.encoding).toBe(model.encoding);
    expect(model.decoder.encoding).toBe(model.encoding);
    expect(model.referenceParameters().filter((p) => p.name === 'embeddings.weight')).toHaveLength(1);
    expect(model.encoder.levels[0]!.inFeatures).toBe(3);
    expect(model.decoder.gru.inputSize).toBe(3);
    model.dispose();
  });

  it('loss at init: zero weights with chosen biases give the closed form; small random weights give 7 ln 8 + 28 ln 2', () => {
    const model = new ComposedGraphVae(GCN, { hiddenSize: 8, latentSize: 3, seed: 4 });
    const c = [0.1, -0.6, 0.9, 0.2, -0.3, 0.5, 0.0, -0.8];
    const e = -0.4;
    const m = [0.3, -0.2, 0.1];
    const l = [-0.1, 0.3, 0.2];
    const values: Record<string, number[]> = { 'add_vertex.2.bias': c, 'add_edge.2.bias': [e], 'fc1.bias': m, 'fc2.bias': l };
    for (const p of model.referenceParameters()) p.write(Float32Array.from(values[p.name] ?? new Array<number>(p.shape.reduce((a, b) => a * b, 1)).fill(0)));
    // With zero weights every state is 0: each of the 7 type decisions has logits c, each of
    // the 28 edge decisions (t = 1..7, i < t) has logit e, and μ = m, log σ² = l.
    const lse = Math.log(c.reduce((s, x) => s + Math.exp(x), 0));
    let recon = 0;
    for (const g of graphs) {
      for (let t = 1; t < 8; t++) {
        recon += lse - c[g.types[t]!]!;
        for (let i = 0; i < t; i++) recon += ((g.inMasks[t]! >>> i) & 1) === 1 ? softplus(-e) : softplus(e);
      }
    }
    const kld = -0.5 * graphs.length * m.reduce((s, mi, i) => s + 1 + l[i]! - mi * mi - Math.exp(l[i]!), 0);
    const ours = evalLoss(model, graphs);
    expect(ours.recon).toBeCloseTo(recon, 3);
    expect(ours.kld).toBeCloseTo(kld, 4);
    expect(ours.loss).toBeCloseTo(recon + 0.005 * kld, 3);

    const small = new ComposedGraphVae(GCN_EMB, { hiddenSize: 16, latentSize: 4, seed: 5 });
    for (const p of small.referenceParameters()) p.write(p.read().map((v) => v * 1e-4));
    const perGraph = evalLoss(small, graphs).loss / graphs.length;
    expect(Math.abs(perGraph - (7 * Math.log(8) + 28 * Math.log(2)))).toBeLessThan(1e-3);
    expect(7 * Math.log(8) + 28 * Math.log(2)).toBeCloseTo(33.96, 2);
    model.dispose();
    small.dispose();
  });

  for (const name of ['gcn', 'gcn-emb'] as const) {
    it(`${name}: the gradient of the whole loss (GCN levels, sum graph state) matches finite differences`, () => {
      const model = new ComposedGraphVae(name === 'gcn' ? GCN : GCN_EMB, { hiddenSize: 5, latentSize: 3, seed: 6 });
      const check = variableGradientCheck(() => model.loss(graphs.slice(0, 2), { training: false }).loss as Scalar, model.variables(), { epsilon: 3e-3, maxEntries: 5 });
      // Central differences at this step are limited by curvature and ReLU kinks (the largest
      // deviations shrink with the step, down to float32 noise); gcnLevel's own check is tighter.
      expect(check.maxError).toBeLessThan(2e-2);
      model.dispose();
    });
  }

  it('has the reference names; with the unused encoder GRUs and backward gates it has ≈ 6.44 M parameters (protocol §3.7)', () => {
    const gcn = createModel('gcn');
    const H = 501;
    const vs = H + 8;
    const gruCell = (input: number) => 3 * H * input + 3 * H * H + 6 * H;
    // grue_forward, grue_backward (one-hot input), gate_backward (with bias), mapper_backward.
    const unused = 2 * gruCell(8) + (vs * H + H) + vs * H;
    expect(size(gcn) + unused).toBe(6_440_476);
    expect(Math.round((size(gcn) + unused) / 1e4) / 100).toBe(6.44);
    const unusedShapes = gcn.unusedReferenceParameters!();
    expect(unusedShapes).toHaveLength(11);
    expect(gcn.referenceParameters().map((p) => p.name)).toEqual([
      'fc1.weight',
      'fc1.bias',
      'fc2.weight',
      'fc2.bias',
      'grud.weight_ih',
      'grud.weight_hh',
      'grud.bias_ih',
      'grud.bias_hh',
      'fc3.weight',
      'fc3.bias',
      'add_vertex.0.weight',
      'add_vertex.0.bias',
      'add_vertex.2.weight',
      'add_vertex.2.bias',
      'add_edge.0.weight',
      'add_edge.0.bias',
      'add_edge.2.weight',
      'add_edge.2.bias',
      'gate_forward.0.weight',
      'gate_forward.0.bias',
      'mapper_forward.0.weight',
      'gconv.0.0.weight',
      'gconv.0.0.bias',
      'gconv.1.0.weight',
      'gconv.1.0.bias',
      'gconv.2.0.weight',
      'gconv.2.0.bias',
    ]);
    const emb = createModel('gcn-emb');
    // DVAE_GCN_EMB: GRUs with 3-d inputs, gconv.0 3 → 501, plus the 8 × 3 table.
    const unusedEmb = 2 * gruCell(3) + (vs * H + H) + vs * H;
    expect(size(emb) + unusedEmb).toBe(6_440_476 - 3 * (3 * H * 5) - 5 * H + 24);
    expect(emb.referenceParameters()[0]!.name).toBe('embeddings.weight');
    gcn.dispose();
    emb.dispose();
  });

  it('decodes structurally valid graphs, reproducibly; rejects options that do not fit', () => {
    const model = createModel('gcn', { hiddenSize: 8, latentSize: 3, seed: 2 });
    const z = tf.tensor2d(
      Array.from({ length: 20 * 3 }, (_, i) => Math.sin(3 * i)),
      [20, 3],
    );
    const a = model.decode(z, { random: 1 });
    for (const g of a) {
      expect(g.types[0]).toBe(0);
      g.types.forEach((t) => expect(t >= 0 && t < 8).toBe(true));
      g.inMasks.forEach((mask, v) => expect(mask >>> v).toBe(0));
    }
    expect(model.decode(z, { random: 1 })).toEqual(a);
    expect(model.decode(z, { random: new PythonRandom(2) })).not.toEqual(a);
    z.dispose();
    model.dispose();
    expect(() => createModel('gcn', { embeddingSize: 3 })).toThrow("@opnas/vae: embeddingSize and embeddingInit belong to 'gcn-emb'");
    expect(() => createModel('gcn', { levels: 0 })).toThrow('@opnas/vae: levels must be a positive integer, got 0');
    // @ts-expect-error not a GcnUpdate: rejected by the compiler and at run time
    expect(() => createModel('gcn-emb', { update: 'sideways' })).toThrow("update must be 'in-place' or 'simultaneous', got 'sideways'");
    // @ts-expect-error not an option of gcn: rejected by the compiler and at run time
    expect(() => createModel('gcn', { bidirectional: true })).toThrow("@opnas/vae: 'gcn' is not bidirectional");
  });
});

describe('gcn and gcn-emb overfitting 64 ENAS graphs (hs 24, nz 16)', () => {
  let train: Dag[] = [];
  beforeAll(async () => {
    train = (await loadEnasDataset()).train.slice(0, 64).map((r) => r.dag);
  });

  for (const name of ['gcn', 'gcn-emb']) {
    it(`${name} reconstructs all of them greedily, and every decoding is a valid ENAS graph`, () => {
      const model = createModel(name, { hiddenSize: 24, latentSize: 16, seed: 1 });
      const before = tf.memory().numTensors;
      const { accuracy, decoded, steps } = overfitGreedy(model, train, { maxSteps: 1200 });
      console.log(`${name}: ${accuracy * 100}% greedy reconstruction of 64 graphs after ${steps} full-batch steps`);
      expect(accuracy).toBe(1);
      expect(tf.memory().numTensors).toBe(before + 0);
      for (const d of decoded) expect(isValidEnas(d)).toBe(true);
      model.dispose();
    }, 120_000);
  }
});
