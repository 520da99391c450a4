import { isValidEnas } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import { initRuntime, tf, variableGradientCheck } from '@opnas/runtime';
import type { Scalar } from '@opnas/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { GraphRnnModel } from './graph-rnn-model.js';
import { closedFormLoss, expectStructurallyValid, firstTrainingGraphs, overfit, scaleParameters, sequenceDecisions, zeroExcept } from '@opnas/testing';
import { plainGraphRnnRecon, plainSvaeEncode, readEnasGraphs, stateDict } from '@opnas/testing';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

const graphs = readEnasGraphs(5, 700);
const size = (m: { variables(): { size: number }[] }) => m.variables().reduce((s, v) => s + v.size, 0);

describe('GraphRnnModel', () => {
  it('matches the plain step-by-step GraphRNN: S-VAE encoder, teacher-forced graph- and edge-level GRUs', () => {
    const model = new GraphRnnModel({ hiddenSize: 8, latentSize: 4, seed: 3 });
    const sd = stateDict(model.referenceParameters());
    const { mu, logvar } = model.encode(graphs);
    const plain = graphs.map((g) => plainSvaeEncode(sd, g, 8, false));
    const m = mu.arraySync();
    plain.forEach((p, i) => p.mu.forEach((v, j) => expect(Math.abs(m[i]![j]! - v)).toBeLessThan(1e-5)));
    const recon = tf.tidy(() => model.loss(graphs, { training: false }).recon.dataSync()[0]!);
    const expected = graphs.reduce((s, g, i) => s + plainGraphRnnRecon(sd, g, plain[i]!.mu), 0);
    expect(Math.abs(recon - expected)).toBeLessThan(1e-5 * expected);
    tf.dispose([mu, logvar]);
    model.dispose();
  });

  it('loss at init: zero weights with chosen biases give the closed form; small random weights give 7 ln 8 + 49 ln 2 per graph', () => {
    const model = new GraphRnnModel({ hiddenSize: 8, latentSize: 3, seed: 5 });
    const c = [-0.2, 0.4, 1.1, -0.7, 0.3, 0.0, 0.6, -1.0];
    const e = 0.8;
    const m = [0.5, -0.3, 0.1];
    const l = [0.2, -0.4, 0.3];
    zeroExcept(model, { 'add_vertex.2.bias': c, 'add_edge.2.bias': [e], 'fc1.bias': m, 'fc2.bias': l });
    const got = tf.tidy(() => {
      const r = model.loss(graphs, { training: false });
      return [r.loss.dataSync()[0]!, r.recon.dataSync()[0]!, r.kld.dataSync()[0]!];
    });
    // One add_edge scores every bit: the same logit e for all 49 decisions.
    const expected = closedFormLoss(
      graphs,
      (g) => sequenceDecisions(g),
      c,
      () => e,
      m,
      l,
      0.005,
    );
    expect(got[1]).toBeCloseTo(expected.recon, 3);
    expect(got[2]).toBeCloseTo(expected.kld, 4);
    expect(got[0]).toBeCloseTo(expected.loss, 3);

    const small = new GraphRnnModel({ hiddenSize: 16, latentSize: 4, seed: 6 });
    scaleParameters(small, 1e-4);
    const perGraph = tf.tidy(() => small.loss(graphs, { training: false }).loss.dataSync()[0]!) / graphs.length;
    expect(Math.abs(perGraph - (7 * Math.log(8) + 49 * Math.log(2)))).toBeLessThan(1e-3);
    model.dispose();
    small.dispose();
  });

  it('the gradient of the whole loss matches finite differences', () => {
    const model = new GraphRnnModel({ hiddenSize: 5, latentSize: 3, seed: 7 });
    const batch = graphs.slice(0, 2);
    const check = variableGradientCheck(() => model.loss(batch, { training: false }).loss as Scalar, model.variables(), { epsilon: 3e-3, maxEntries: 6 });
    // ReLU kinks and curvature limit central differences; the GRU op's own check is tighter.
    expect(check.maxError).toBeLessThan(1.5e-2);
    model.dispose();
  });

  it('has the reference names and order; with the unused add_edges (255,016) it has the paper count 3,161,939 (protocol §3.7)', () => {
    const model = new GraphRnnModel();
    // add_edges = Linear(501, 501) + Linear(501, 7), allocated by the reference, never used.
    const addEdges = 501 * 501 + 501 + 501 * 7 + 7;
    expect(addEdges).toBe(255_016);
    expect(size(model) + addEdges).toBe(3_161_939);
    expect(model.unusedReferenceParameters()).toEqual(['add_edges.0.weight', 'add_edges.0.bias', 'add_edges.2.weight', 'add_edges.2.bias']);
    const names = model.referenceParameters().map((p) => `${p.name} ${p.shape.join('×')}`);
    expect(names).toEqual([
      'grue.weight_ih_l0 1503×15',
      'grue.weight_hh_l0 1503×501',
      'grue.bias_ih_l0 1503',
      'grue.bias_hh_l0 1503',
      'fc1.weight 56×501',
      'fc1.bias 56',
      'fc2.weight 56×501',
      'fc2.bias 56',
      'grud.weight_ih_l0 1503×15',
      'grud.weight_hh_l0 1503×501',
      'grud.bias_ih_l0 1503',
      'grud.bias_hh_l0 1503',
      'fc3.weight 501×56',
      'fc3.bias 501',
      'add_vertex.0.weight 501×501',
      'add_vertex.0.bias 501',
      'add_vertex.2.weight 8×501',
      'add_vertex.2.bias 8',
      'grud_edge.weight_ih_l0 1503×1',
      'grud_edge.weight_hh_l0 1503×501',
      'grud_edge.bias_ih_l0 1503',
      'grud_edge.bias_hh_l0 1503',
      'add_edge.0.weight 501×501',
      'add_edge.0.bias 501',
      'add_edge.2.weight 1×501',
      'add_edge.2.bias 1',
    ]);
    model.dispose();
  });

  it('decodes structurally valid graphs on the vocabulary, reproducibly from the seed', () => {
    const model = new GraphRnnModel({ hiddenSize: 10, latentSize: 4, seed: 8 });
    const z = tf.tensor2d(
      Array.from({ length: 30 * 4 }, (_, i) => Math.cos(i)),
      [30, 4],
    );
    const before = tf.memory().numTensors;
    const a = model.decode(z, { random: 5 });
    expect(tf.memory().numTensors).toBe(before);
    expectStructurallyValid(a);
    expect(model.decode(z, { random: 5 })).toEqual(a);
    expect(model.decode(z, { random: new PythonRandom(6) })).not.toEqual(a);
    expectStructurallyValid(model.decode(z, { stochastic: false }));
    expect(() => new GraphRnnModel({ bidirectional: true } as never)).toThrow("@opnas/sequence-vae: 'graphrnn' is unidirectional");
    z.dispose();
    model.dispose();
  });
});

describe('GraphRnnModel overfitting 64 ENAS graphs (hs 24, nz 56)', () => {
  it('reconstructs all of them greedily, and every decoding is a valid ENAS graph', async () => {
    const train = await firstTrainingGraphs(64);
    const model = new GraphRnnModel({ hiddenSize: 24, latentSize: 56, seed: 1 });
    const before = tf.memory().numTensors;
    // Adam with β2 = 0.99 adapts faster than the default 0.999 here; lr 0.01.
    const { accuracy, decoded, steps } = overfit(model, train, { beta2: 0.99, maxSteps: 1500 });
    console.log(`graphrnn: ${accuracy * 100}% greedy reconstruction of 64 graphs after ${steps} full-batch steps`);
    expect(accuracy).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    for (const d of decoded) expect(isValidEnas(d)).toBe(true);
    model.dispose();
  }, 120_000);
});
