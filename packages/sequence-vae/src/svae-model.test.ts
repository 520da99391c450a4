import { isValidEnas } from '@opnas/dag';
import type { Dag } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import { initRuntime, tf, variableGradientCheck } from '@opnas/runtime';
import type { Scalar } from '@opnas/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { closedFormLoss, expectStructurallyValid, firstTrainingGraphs, overfit, scaleParameters, sequenceDecisions, zeroExcept } from '@opnas/testing';
import { plainGruStep, plainLinear, plainRows, plainSvaeEncode, plainSvaeRecon, readEnasGraphs, stateDict } from '@opnas/testing';
import { SvaeModel } from './svae-model.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

const graphs = readEnasGraphs(6, 300);
const size = (m: { variables(): { size: number }[] }) => m.variables().reduce((s, v) => s + v.size, 0);

function expectRowsClose(actual: number[][], expected: number[][], tolerance: number): void {
  const scale = Math.max(...expected.flat().map(Math.abs));
  actual.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - expected[i]![j]!)).toBeLessThan(tolerance * scale)));
}

describe('SvaeModel', () => {
  it('matches the plain step-by-step S-VAE: μ, log σ² and the reconstruction loss', () => {
    const model = new SvaeModel({ hiddenSize: 9, latentSize: 4, seed: 3 });
    const sd = stateDict(model.referenceParameters());
    const { mu, logvar } = model.encode(graphs);
    const plain = graphs.map((g) => plainSvaeEncode(sd, g, 9, false));
    expectRowsClose(
      mu.arraySync(),
      plain.map((p) => p.mu),
      1e-5,
    );
    expectRowsClose(
      logvar.arraySync(),
      plain.map((p) => p.logvar),
      1e-5,
    );
    const recon = tf.tidy(() => model.loss(graphs, { training: false }).recon.dataSync()[0]!);
    const expected = graphs.reduce((s, g, i) => s + plainSvaeRecon(sd, g, plain[i]!.mu, 9), 0);
    expect(Math.abs(recon - expected)).toBeLessThan(1e-5 * expected);
    tf.dispose([mu, logvar]);
    model.dispose();
  });

  it('bidirectional: each graph gets its own [forward ; backward] state, not the reference reshape bug (protocol §10.2 item 14)', () => {
    const model = new SvaeModel({ hiddenSize: 7, latentSize: 3, seed: 4, bidirectional: true });
    const sd = stateDict(model.referenceParameters());
    const batch = graphs.slice(0, 4);
    const { mu, logvar } = model.encode(batch);
    const correct = batch.map((g) => plainSvaeEncode(sd, g, 7, true));
    expectRowsClose(
      mu.arraySync(),
      correct.map((p) => p.mu),
      1e-5,
    );
    expectRowsClose(
      logvar.arraySync(),
      correct.map((p) => p.logvar),
      1e-5,
    );
    // The reference views PyTorch's (2, B, H) final state as (B, 2H): row b takes the flat
    // elements [b·2H, (b+1)·2H), i.e. two *graphs'* forward states for b < B/2.
    const finals = (reverse: boolean) =>
      batch.map((g) => {
        let h = new Array<number>(7).fill(0);
        const rows = plainRows(g);
        for (const row of reverse ? rows.reverse() : rows) h = plainGruStep(sd, 'grue', reverse ? '_l0_reverse' : '_l0', row, h);
        return h;
      });
    const flat = [...finals(false), ...finals(true)].flat();
    const buggy = batch.map((_, b) => plainLinear(sd, 'fc1', plainLinear(sd, 'hg_unify.0', flat.slice(b * 14, (b + 1) * 14))));
    const distance = Math.max(...mu.arraySync().flatMap((row, i) => row.map((v, j) => Math.abs(v - buggy[i]![j]!))));
    expect(distance).toBeGreaterThan(1e-3);
    // And a graph's encoding does not depend on the other graphs of its batch.
    const alone = model.encode([batch[2]!]);
    expectRowsClose(alone.mu.arraySync(), [mu.arraySync()[2]!], 1e-5);
    expect(model.unusedReferenceParameters()).toEqual(['hv_unify.0.weight', 'hv_unify.0.bias']);
    tf.dispose([mu, logvar, alone.mu, alone.logvar]);
    model.dispose();
  });

  it('loss at init: zero weights with chosen biases give the closed form; small random weights give 7 ln 8 + 49 ln 2 per graph', () => {
    const model = new SvaeModel({ hiddenSize: 8, latentSize: 3, seed: 5 });
    const c = [0.3, -1.2, 0.5, 0.9, -0.4, 0.1, 0.0, 0.7];
    const e = [-1, -0.5, 0, 0.5, 1, 1.5, 2];
    const m = [0.2, -0.1, 0.4];
    const l = [-0.3, 0.2, 0.1];
    zeroExcept(model, { 'add_vertex.2.bias': c, 'add_edges.2.bias': e, 'fc1.bias': m, 'fc2.bias': l });
    const got = tf.tidy(() => {
      const r = model.loss(graphs, { training: false });
      return [r.loss.dataSync()[0]!, r.recon.dataSync()[0]!, r.kld.dataSync()[0]!];
    });
    const expected = closedFormLoss(
      graphs,
      (g) => sequenceDecisions(g),
      c,
      (k) => e[k]!,
      m,
      l,
      0.005,
    );
    expect(got[1]).toBeCloseTo(expected.recon, 3);
    expect(got[2]).toBeCloseTo(expected.kld, 4);
    expect(got[0]).toBeCloseTo(expected.loss, 3);

    const small = new SvaeModel({ hiddenSize: 16, latentSize: 4, seed: 6 });
    scaleParameters(small, 1e-4);
    const perGraph = tf.tidy(() => small.loss(graphs, { training: false }).loss.dataSync()[0]!) / graphs.length;
    // 7 types over 8 logits ≈ 0 and 49 edge probabilities ≈ ½; μ ≈ 0, log σ² ≈ 0 so KLD ≈ 0.
    expect(Math.abs(perGraph - (7 * Math.log(8) + 49 * Math.log(2)))).toBeLessThan(1e-3);
    expect(7 * Math.log(8) + 49 * Math.log(2)).toBeCloseTo(48.52, 2);
    model.dispose();
    small.dispose();
  });

  it('the gradient of the whole loss matches finite differences', () => {
    const model = new SvaeModel({ hiddenSize: 5, latentSize: 3, seed: 7 });
    const batch = graphs.slice(0, 2);
    const check = variableGradientCheck(() => model.loss(batch, { training: false }).loss as Scalar, model.variables(), { epsilon: 3e-3, maxEntries: 6 });
    // ReLU kinks and curvature limit central differences; the GRU op's own check is tighter.
    expect(check.maxError).toBeLessThan(1.5e-2);
    model.dispose();
  });

  it('has the reference names, order and the paper parameter count 2,882,881 (protocol §3.7)', () => {
    const model = new SvaeModel();
    expect(size(model)).toBe(2_882_881);
    expect(model.referenceParameters().reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0)).toBe(2_882_881);
    expect(model.referenceParameters().map((p) => `${p.name} ${p.shape.join('×')}`)).toEqual([
      'grue.weight_ih_l0 1503×15',
      'grue.weight_hh_l0 1503×501',
      'grue.bias_ih_l0 1503',
      'grue.bias_hh_l0 1503',
      'fc1.weight 56×501',
      'fc1.bias 56',
      'fc2.weight 56×501',
      'fc2.bias 56',
      'grud.weight_ih_l0 1503×501',
      'grud.weight_hh_l0 1503×501',
      'grud.bias_ih_l0 1503',
      'grud.bias_hh_l0 1503',
      'fc3.weight 501×56',
      'fc3.bias 501',
      'add_vertex.0.weight 501×501',
      'add_vertex.0.bias 501',
      'add_vertex.2.weight 8×501',
      'add_vertex.2.bias 8',
      'add_edges.0.weight 501×501',
      'add_edges.0.bias 501',
      'add_edges.2.weight 7×501',
      'add_edges.2.bias 7',
    ]);
    expect(model.describe()).toEqual({ model: 'svae', hiddenSize: '501', latentSize: '56', maxVertices: '8', bidirectional: 'false' });
    model.dispose();
  });

  it('decodes structurally valid graphs on the vocabulary, reproducibly from the seed', () => {
    const model = new SvaeModel({ hiddenSize: 12, latentSize: 4, seed: 8 });
    const z = tf.tensor2d(
      Array.from({ length: 40 * 4 }, (_, i) => Math.sin(i)),
      [40, 4],
    );
    const a = model.decode(z, { random: 3 });
    expectStructurallyValid(a);
    expect(model.decode(z, { random: 3 })).toEqual(a);
    expect(model.decode(z, { random: new PythonRandom(4) })).not.toEqual(a);
    expectStructurallyValid(model.decode(z, { stochastic: false }));
    expect(() => model.decode(tf.zeros([2, 5]) as never)).toThrow('@opnas/sequence-vae: z must be B × 4, got [2, 5]');
    z.dispose();
    model.dispose();
  });

  it('frees what it makes and rejects bad options and graphs', () => {
    const before = tf.memory().numTensors;
    const model = new SvaeModel({ hiddenSize: 6, latentSize: 3 });
    tf.tidy(() => {
      model.loss(graphs.slice(0, 2));
    });
    model.decode(tf.tidy(() => model.encode(graphs.slice(0, 2)).mu).clone());
    model.dispose();
    // decode's z is the caller's: one clone remains, nothing else.
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2);
    expect(() => new SvaeModel({ hiddenSize: 0 })).toThrow('@opnas/sequence-vae: hiddenSize must be a positive integer, got 0');
    expect(() => new SvaeModel({ maxVertices: 40 })).toThrow('maxVertices must be ≤ 32, got 40');
    const m = new SvaeModel({ hiddenSize: 4, latentSize: 2 });
    const big: Dag = { types: new Array<number>(9).fill(2), inMasks: new Array<number>(9).fill(0) };
    expect(() => m.loss([big])).toThrow('@opnas/sequence-vae: graphs[0] has 9 vertices; this model takes 1..8');
    m.dispose();
  });
});

describe('SvaeModel overfitting 64 ENAS graphs (hs 32, nz 56)', () => {
  it('reconstructs all of them greedily, and every decoding is a valid ENAS graph', async () => {
    const train = await firstTrainingGraphs(64);
    const model = new SvaeModel({ hiddenSize: 32, latentSize: 56, seed: 1 });
    const before = tf.memory().numTensors;
    // Adam with β2 = 0.99 adapts faster than the default 0.999 here; lr 0.01.
    const { accuracy, decoded, steps } = overfit(model, train, { beta2: 0.99, maxSteps: 1500 });
    console.log(`svae: ${accuracy * 100}% greedy reconstruction of 64 graphs after ${steps} full-batch steps`);
    expect(accuracy).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    for (const d of decoded) expect(isValidEnas(d)).toBe(true);
    model.dispose();
  }, 120_000);
});
