import { isValidEnas } from '@opnas/dag';
import { loadEnasDataset } from '@opnas/enas-data';
import type { Dag } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import { initRuntime, tf } from '@opnas/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEnasGraphs } from '@opnas/testing';
import { ComposedGraphVae } from './composed-model.js';
import { DVAE, DVAE_EMB } from './dvae.js';
import type { GraphVae, VaeLossOptions } from './graph-vae.js';
import { createModel } from './model-registry.js';
// The memorisation check every model passes (shared with S-VAE and GraphRNN).
import { overfit as overfitGreedy } from '@opnas/testing';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

const graphs = readEnasGraphs(64);

function parameterCount(model: GraphVae): number {
  return model.variables().reduce((s, v) => s + v.size, 0);
}

describe('dvae and dvae-emb at the paper sizes', () => {
  it('have the reference parameter counts (protocol §3.7, minus the unused hv_unify)', () => {
    const dvae = createModel('dvae');
    const emb = createModel('dvae-emb');
    // protocol §3.7 counts include hv_unify (Linear 1002→501 = 502,503), which is never used.
    expect(parameterCount(dvae) + 502_503).toBe(6_937_969);
    expect(parameterCount(emb) + 502_503).toBe(6_915_448);
    // Every variable is behind exactly one set of reference names, which cover it once.
    const referenceSize = (m: GraphVae) => m.referenceParameters().reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
    expect(referenceSize(dvae)).toBe(parameterCount(dvae));
    expect(referenceSize(emb)).toBe(parameterCount(emb));
    dvae.dispose();
    emb.dispose();
  });
});

describe('the dvae and dvae-emb compositions', () => {
  it('lists its parameters in the reference state_dict order (protocol §12)', () => {
    const model = new ComposedGraphVae(DVAE_EMB, { hiddenSize: 10, latentSize: 4 });
    const names = model.referenceParameters().map((p) => p.name);
    expect(names).toEqual([
      'embeddings.weight',
      'grue_forward.weight_ih',
      'grue_forward.weight_hh',
      'grue_forward.bias_ih',
      'grue_forward.bias_hh',
      'grue_backward.weight_ih',
      'grue_backward.weight_hh',
      'grue_backward.bias_ih',
      'grue_backward.bias_hh',
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
      'gate_backward.0.weight',
      'gate_backward.0.bias',
      'mapper_forward.0.weight',
      'mapper_backward.0.weight',
      'hg_unify.0.weight',
      'hg_unify.0.bias',
    ]);
    expect(model.referenceParameters()[1]!.shape).toEqual([30, 3]);
    expect(new Set(model.variables()).size).toBe(model.variables().length);
    model.dispose();
  });

  it('is reproducible from its seed', () => {
    const read = (seed: number) => {
      const m = new ComposedGraphVae(DVAE, { hiddenSize: 6, latentSize: 3, seed });
      const values = m.referenceParameters().map((p) => Array.from(p.read()));
      m.dispose();
      return values;
    };
    expect(read(3)).toEqual(read(3));
    expect(read(3)).not.toEqual(read(4));
  });

  it('loss = recon + 0.005·KLD, with KLD in closed form and recon the negative teacher-forced likelihood', () => {
    const model = new ComposedGraphVae(DVAE, { hiddenSize: 12, latentSize: 5, seed: 2 });
    const batch = graphs.slice(0, 4);
    const { loss, recon, kld } = model.loss(batch, { training: false });
    const { mu, logvar } = model.encode(batch);
    const m = mu.arraySync().flat();
    const lv = logvar.arraySync().flat();
    const closedForm = -0.5 * m.reduce((s, mi, i) => s + 1 + lv[i]! - mi * mi - Math.exp(lv[i]!), 0);
    expect(kld.dataSync()[0]).toBeCloseTo(closedForm, 4);
    const expectedRecon = tf.tidy(() => -model.decoder.logLikelihood(mu, batch).dataSync()[0]!);
    expect(recon.dataSync()[0]).toBeCloseTo(expectedRecon, 4);
    expect(loss.dataSync()[0]).toBeCloseTo(expectedRecon + 0.005 * closedForm, 3);
    tf.dispose([loss, recon, kld, mu, logvar]);
    model.dispose();
  });

  it('training mode draws z = μ + 0.01·ε·σ with ε from the given generator', () => {
    const model = new ComposedGraphVae(DVAE, { hiddenSize: 8, latentSize: 3, seed: 5 });
    const batch = graphs.slice(0, 2);
    const lossAt = (options: VaeLossOptions) => tf.tidy(() => model.loss(batch, options).recon.dataSync()[0]!);
    const evalRecon = lossAt({ training: false });
    expect(lossAt({ random: new PythonRandom(1) })).toBe(lossAt({ random: new PythonRandom(1) }));
    expect(lossAt({ random: new PythonRandom(1) })).not.toBe(lossAt({ random: new PythonRandom(2) }));
    // The noise is small: the training-mode recon stays close to the eval-mode one.
    expect(Math.abs(lossAt({ random: new PythonRandom(1) }) - evalRecon)).toBeLessThan(0.05 * Math.abs(evalRecon));
    model.dispose();
  });

  it('frees every tensor it made when disposed', () => {
    const before = tf.memory().numTensors;
    new ComposedGraphVae(DVAE_EMB, { hiddenSize: 6, latentSize: 3 }).dispose();
    new ComposedGraphVae(DVAE, { hiddenSize: 6, latentSize: 3, bidirectional: false }).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects options that do not fit the model', () => {
    expect(() => new ComposedGraphVae(DVAE, { embeddingSize: 3 })).toThrow(/embeddingSize and embeddingInit belong to 'dvae-emb'/);
    expect(() => new ComposedGraphVae(DVAE, { hiddenSize: 0 })).toThrow('@opnas/vae: hiddenSize must be a positive integer, got 0');
    // @ts-expect-error an unknown literal name does not compile; at run time it is an error too
    expect(() => createModel('nope')).toThrow("@opnas/vae: unknown model 'nope'; registered: dvae, dvae-emb");
  });
});

describe('overfitting 64 ENAS graphs (hs 24, nz 16)', () => {
  let train: Dag[] = [];
  beforeAll(async () => {
    // The first 64 graphs of the reference's training split (protocol §1.6).
    const dataset = await loadEnasDataset();
    train = dataset.train.slice(0, 64).map((r) => r.dag);
  });

  // A small model can memorise 64 graphs: after a few hundred full-batch Adam steps, greedy
  // decoding of μ must give back every graph exactly.
  function overfit(name: string): { steps: number; accuracy: number; decoded: Dag[] } {
    const model = createModel(name, { hiddenSize: 24, latentSize: 16, seed: 1 });
    const result = overfitGreedy(model, train, { maxSteps: 600 });
    model.dispose();
    return result;
  }

  for (const name of ['dvae', 'dvae-emb']) {
    it(`${name} reconstructs all of them`, () => {
      const before = tf.memory().numTensors;
      const { accuracy, decoded, steps } = overfit(name);
      console.log(`${name}: 100% greedy reconstruction of 64 graphs after ${steps} full-batch steps`);
      expect(accuracy).toBe(1);
      // Training and decoding leave no tensors behind.
      expect(tf.memory().numTensors).toBe(before);
      for (const d of decoded) expect(isValidEnas(d)).toBe(true);
    }, 120_000);
  }
});
