import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dag } from '@opnas/dag';
import { SeededInitialiser, initRuntime, tf } from '@opnas/runtime';
import { encodeSafetensors } from '@opnas/safetensors';
import type { TensorEntry } from '@opnas/safetensors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainLogLikelihood, readEnasGraphs } from '@opnas/testing';
import type { StateDict } from '@opnas/testing';
import { plainGcnEncode } from '@opnas/testing';
import { plainGraphRnnRecon, plainSvaeEncode, plainSvaeRecon } from '@opnas/testing';
import type { GraphVae } from './graph-vae.js';
import { createModel, getModelDefinition, modelNames } from './model-registry.js';
import { inferModelOptions, loadModel, loadModelWeights, saveModelWeights } from './model-weights.js';

const dir = mkdtempSync(join(tmpdir(), 'opnas-vae-baselines-'));
const graphs = readEnasGraphs(4, 1200);

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (m: GraphVae) => m.referenceParameters().map((p) => [p.name, Array.from(p.read())]);
function evalLoss(model: GraphVae, batch: readonly Dag[]): { recon: number; kld: number } {
  return tf.tidy(() => {
    const l = model.loss(batch, { training: false });
    return { recon: l.recon.dataSync()[0]!, kld: l.kld.dataSync()[0]! };
  });
}
const kldOf = (mu: number[], logvar: number[]) => -0.5 * mu.reduce((s, m, i) => s + 1 + logvar[i]! - m * m - Math.exp(logvar[i]!), 0);

describe('the model registry', () => {
  it("holds the paper's six models under their registry and paper names", () => {
    // the paper's six first, in this order; models composed since (gin) follow them
    expect(modelNames().slice(0, 6)).toEqual(['dvae', 'dvae-emb', 'gcn', 'gcn-emb', 'svae', 'graphrnn']);
    expect(modelNames().slice(6)).toEqual(['gin']);
    expect(['gcn', 'gcn-emb', 'svae', 'graphrnn'].map((n) => getModelDefinition(n).paperName)).toEqual(['GCN', 'GCN-EMB', 'S-VAE', 'GraphRNN']);
  });
});

describe('save / load round trip through the registry', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['gcn', { update: 'simultaneous', levels: 2 }],
    ['gcn-emb', { embeddingSize: 4 }],
    ['svae', { bidirectional: true }],
    ['graphrnn', {}],
  ];
  for (const [name, options] of cases) {
    it(`${name} ${JSON.stringify(options)}: loadModel rebuilds the same model with the same parameters and loss`, async () => {
      const a = createModel(name, { hiddenSize: 7, latentSize: 3, seed: 11, ...options });
      const path = join(dir, `${name}.safetensors`);
      await saveModelWeights(a, path, { metadata: { epoch: '2' } });
      const b = await loadModel(path);
      expect(b.name).toBe(name);
      expect(b.describe()).toEqual(a.describe());
      expect(read(b)).toEqual(read(a));
      expect(evalLoss(b, graphs)).toEqual(evalLoss(a, graphs));
      // A model with other options refuses the file, naming the difference.
      const other = createModel(name, { hiddenSize: 8, latentSize: 3 });
      await expect(loadModelWeights(other, path)).rejects.toThrow(/different model \(hiddenSize 7 ≠ 8/);
      [a, b, other].forEach((m) => m.dispose());
    });
  }
});

/** Reference state dicts written out from protocol §3.3, §3.5, §3.6 (names, PyTorch shapes, order), unused parameters included. */
function referenceShapes(kind: 'gcn' | 'svae-bidirectional' | 'graphrnn', h: number, nz: number): [string, number[]][] {
  const vs = h + 8;
  const gruCell = (p: string, input: number): [string, number[]][] => [
    [`${p}.weight_ih`, [3 * h, input]],
    [`${p}.weight_hh`, [3 * h, h]],
    [`${p}.bias_ih`, [3 * h]],
    [`${p}.bias_hh`, [3 * h]],
  ];
  const gru = (p: string, input: number, suffix = '_l0'): [string, number[]][] => [
    [`${p}.weight_ih${suffix}`, [3 * h, input]],
    [`${p}.weight_hh${suffix}`, [3 * h, h]],
    [`${p}.bias_ih${suffix}`, [3 * h]],
    [`${p}.bias_hh${suffix}`, [3 * h]],
  ];
  const linear = (p: string, i: number, o: number): [string, number[]][] => [
    [`${p}.weight`, [o, i]],
    [`${p}.bias`, [o]],
  ];
  const latent: [string, number[]][] = [...linear('fc1', h, nz), ...linear('fc2', h, nz)];
  if (kind === 'gcn') {
    return [
      ...gruCell('grue_forward', 8),
      ...gruCell('grue_backward', 8),
      ...latent,
      ...gruCell('grud', 8),
      ...linear('fc3', nz, h),
      ...linear('add_vertex.0', h, 2 * h),
      ...linear('add_vertex.2', 2 * h, 8),
      ...linear('add_edge.0', 2 * h, 4 * h),
      ...linear('add_edge.2', 4 * h, 1),
      ...linear('gate_forward.0', vs, h),
      ...linear('gate_backward.0', vs, h),
      ['mapper_forward.0.weight', [h, vs]],
      ['mapper_backward.0.weight', [h, vs]],
      ...linear('gconv.0.0', 8, h),
      ...linear('gconv.1.0', h, h),
      ...linear('gconv.2.0', h, h),
    ];
  }
  const svaeHeads: [string, number[]][] = [...linear('add_vertex.0', h, h), ...linear('add_vertex.2', h, 8), ...linear('add_edges.0', h, h), ...linear('add_edges.2', h, 7)];
  if (kind === 'svae-bidirectional') {
    return [
      ...gru('grue', 15),
      ...gru('grue', 15, '_l0_reverse'),
      ...latent,
      ...gru('grud', h),
      ...linear('fc3', nz, h),
      ...svaeHeads,
      ...linear('hg_unify.0', 2 * h, h),
      ...linear('hv_unify.0', 2 * h, h),
    ];
  }
  return [
    ...gru('grue', 15),
    ...latent,
    ...gru('grud', 15),
    ...linear('fc3', nz, h),
    ...svaeHeads,
    ...gru('grud_edge', 1),
    ...linear('add_edge.0', h, h),
    ...linear('add_edge.2', h, 1),
  ];
}

function referenceStateDict(shapes: [string, number[]][], seed: number): { tensors: Record<string, TensorEntry>; sd: StateDict } {
  const init = new SeededInitialiser(seed);
  const tensors: Record<string, TensorEntry> = {};
  const sd: StateDict = {};
  for (const [name, shape] of shapes) {
    const values = init.uniform(
      shape.reduce((a, b) => a * b, 1),
      0.5,
    );
    tensors[name] = { dtype: 'F64', shape, data: Float64Array.from(values) };
    sd[name] = Float64Array.from(values);
  }
  return { tensors, sd };
}

describe('importing reference checkpoints of the baselines (PyTorch names; unused parameters ignored)', () => {
  const h = 6;
  const nz = 3;
  const oneHot = Array.from({ length: 8 }, (_, k) => Array.from({ length: 8 }, (_, j) => (j === k ? 1 : 0)));

  it('DVAE_GCN: infers gcn, loads it, and computes the reference numbers', async () => {
    const { tensors, sd } = referenceStateDict(referenceShapes('gcn', h, nz), 21);
    expect(inferModelOptions(tensors)).toEqual({ name: 'gcn', options: { hiddenSize: h, latentSize: nz, maxVertices: 8, bidirectional: false, levels: 3 } });
    const path = join(dir, 'reference-gcn.safetensors');
    writeFileSync(path, encodeSafetensors(tensors, { format: 'pt' }));
    const model = await loadModel(path);
    expect(model.name).toBe('gcn');
    let recon = 0;
    let kld = 0;
    for (const g of graphs) {
      const { mu, logvar } = plainGcnEncode(sd, g, 3, oneHot, 'in-place');
      recon -= plainLogLikelihood(sd, g, mu, { hiddenSize: h, maxVertices: 8, bidirectional: false, table: oneHot, graphState: 'sum', startType: 0 });
      kld += kldOf(mu, logvar);
    }
    const ours = evalLoss(model, graphs);
    expect(Math.abs(ours.recon - recon) / recon).toBeLessThan(1e-5);
    expect(Math.abs(ours.kld - kld)).toBeLessThan(1e-4 * Math.max(1, Math.abs(kld)));
    model.dispose();
  });

  it('SVAE (bidirectional, with the unused hv_unify): infers svae, loads it, and computes the reference numbers', async () => {
    const { tensors, sd } = referenceStateDict(referenceShapes('svae-bidirectional', h, nz), 22);
    expect(inferModelOptions(tensors)).toEqual({ name: 'svae', options: { hiddenSize: h, latentSize: nz, maxVertices: 8, bidirectional: true } });
    const path = join(dir, 'reference-svae.safetensors');
    writeFileSync(path, encodeSafetensors(tensors, { format: 'pt' }));
    const model = await loadModel(path);
    let recon = 0;
    let kld = 0;
    for (const g of graphs) {
      const { mu, logvar } = plainSvaeEncode(sd, g, h, true);
      recon += plainSvaeRecon(sd, g, mu, h);
      kld += kldOf(mu, logvar);
    }
    const ours = evalLoss(model, graphs);
    expect(Math.abs(ours.recon - recon) / recon).toBeLessThan(1e-5);
    expect(Math.abs(ours.kld - kld)).toBeLessThan(1e-4 * Math.max(1, Math.abs(kld)));
    model.dispose();
  });

  it('SVAE_GraphRNN (with the unused add_edges): infers graphrnn, loads it, and computes the reference numbers', async () => {
    const { tensors, sd } = referenceStateDict(referenceShapes('graphrnn', h, nz), 23);
    expect(inferModelOptions(tensors).name).toBe('graphrnn');
    const path = join(dir, 'reference-graphrnn.safetensors');
    writeFileSync(path, encodeSafetensors(tensors, { format: 'pt' }));
    const model = await loadModel(path);
    let recon = 0;
    for (const g of graphs) recon += plainGraphRnnRecon(sd, g, plainSvaeEncode(sd, g, h, false).mu);
    expect(Math.abs(evalLoss(model, graphs).recon - recon) / recon).toBeLessThan(1e-5);
    model.dispose();
  });
});
