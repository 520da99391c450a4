import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededInitialiser, initRuntime, tf } from '@opnas/runtime';
import { encodeSafetensors } from '@opnas/safetensors';
import type { TensorEntry } from '@opnas/safetensors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainEncode, plainLogLikelihood, readEnasGraphs } from '@opnas/testing';
import type { StateDict } from '@opnas/testing';
import { ComposedGraphVae } from './composed-model.js';
import type { GraphVae } from './graph-vae.js';
import { DVAE, DVAE_EMB } from './dvae.js';
import { applyModelWeights, inferModelOptions, loadModel, loadModelWeights, saveModelWeights } from './model-weights.js';

const dir = mkdtempSync(join(tmpdir(), 'opnas-vae-weights-'));
const graphs = readEnasGraphs(5);

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function read(model: GraphVae): number[][] {
  return model.referenceParameters().map((p) => Array.from(p.read()));
}

/**
 * The reference state_dict of a bidirectional DVAE / DVAE_EMB with hidden size H, written out
 * from protocol §12 (names, PyTorch shapes and order), hv_unify included, filled with seeded values.
 */
function referenceStateDict(h: number, nz: number, embedding: boolean, seed: number): Record<string, TensorEntry> {
  const vs = h + 8;
  const input = embedding ? 3 : 8;
  const shapes: [string, number[]][] = [
    ...(embedding ? [['embeddings.weight', [8, 3]] as [string, number[]]] : []),
    ...['grue_forward', 'grue_backward'].flatMap((g): [string, number[]][] => [
      [`${g}.weight_ih`, [3 * h, input]],
      [`${g}.weight_hh`, [3 * h, h]],
      [`${g}.bias_ih`, [3 * h]],
      [`${g}.bias_hh`, [3 * h]],
    ]),
    ['fc1.weight', [nz, h]],
    ['fc1.bias', [nz]],
    ['fc2.weight', [nz, h]],
    ['fc2.bias', [nz]],
    ['grud.weight_ih', [3 * h, input]],
    ['grud.weight_hh', [3 * h, h]],
    ['grud.bias_ih', [3 * h]],
    ['grud.bias_hh', [3 * h]],
    ['fc3.weight', [h, nz]],
    ['fc3.bias', [h]],
    ['add_vertex.0.weight', [2 * h, h]],
    ['add_vertex.0.bias', [2 * h]],
    ['add_vertex.2.weight', [8, 2 * h]],
    ['add_vertex.2.bias', [8]],
    ['add_edge.0.weight', [4 * h, 2 * h]],
    ['add_edge.0.bias', [4 * h]],
    ['add_edge.2.weight', [1, 4 * h]],
    ['add_edge.2.bias', [1]],
    ['gate_forward.0.weight', [h, vs]],
    ['gate_forward.0.bias', [h]],
    ['gate_backward.0.weight', [h, vs]],
    ['gate_backward.0.bias', [h]],
    ['mapper_forward.0.weight', [h, vs]],
    ['mapper_backward.0.weight', [h, vs]],
    ['hv_unify.0.weight', [h, 2 * h]],
    ['hv_unify.0.bias', [h]],
    ['hg_unify.0.weight', [h, 2 * h]],
    ['hg_unify.0.bias', [h]],
  ];
  const init = new SeededInitialiser(seed);
  const out: Record<string, TensorEntry> = {};
  for (const [name, shape] of shapes) {
    const size = shape.reduce((a, b) => a * b, 1);
    // Doubles, as a user's converted checkpoint might hold; the import narrows them.
    out[name] = { dtype: 'F64', shape, data: Float64Array.from(init.uniform(size, 0.4)) };
  }
  return out;
}

describe('saveModelWeights / loadModelWeights', () => {
  it('round-trip every parameter into a differently initialised model, atomically', async () => {
    const a = new ComposedGraphVae(DVAE_EMB, { hiddenSize: 10, latentSize: 4, seed: 1 });
    const b = new ComposedGraphVae(DVAE_EMB, { hiddenSize: 10, latentSize: 4, seed: 2 });
    const path = join(dir, 'a.safetensors');
    await saveModelWeights(a, path, { metadata: { epoch: '3' } });
    expect(readdirSync(dir)).toEqual(['a.safetensors']);
    expect(read(b)).not.toEqual(read(a));
    await loadModelWeights(b, path);
    expect(read(b)).toEqual(read(a));
    const loss = (m: GraphVae) => tf.tidy(() => m.loss(graphs, { training: false }).loss.dataSync()[0]!);
    expect(loss(b)).toBe(loss(a));
    const c = await loadModel(path);
    expect(c.name).toBe('dvae-emb');
    expect(c.referenceParameters().map((p) => Array.from(p.read()))).toEqual(read(a));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('refuse a file whose names or shapes do not fit, naming them, and leave the model unchanged', async () => {
    const small = new ComposedGraphVae(DVAE, { hiddenSize: 6, latentSize: 4, seed: 1 });
    const other = new ComposedGraphVae(DVAE, { hiddenSize: 7, latentSize: 4, seed: 3 });
    const emb = new ComposedGraphVae(DVAE_EMB, { hiddenSize: 6, latentSize: 4, seed: 3 });
    const path = join(dir, 'small.safetensors');
    await saveModelWeights(small, path);
    const before = read(other);
    await expect(loadModelWeights(other, path)).rejects.toThrow(/the file holds a different model \(hiddenSize 6 ≠ 7\)/);
    expect(read(other)).toEqual(before);
    // Without the opnas metadata, the shapes themselves are compared.
    const tensors: Record<string, TensorEntry> = {};
    for (const p of small.referenceParameters()) tensors[p.name] = { dtype: 'F32', shape: [...p.shape], data: p.read() };
    expect(() => applyModelWeights(other, tensors, { source: 'x.safetensors' })).toThrow(
      /@opnas\/vae: x.safetensors does not fit the dvae model: shape mismatch: grue_forward.weight_ih is \[18, 8\] in the file but \[21, 8\] in the model/,
    );
    expect(() => applyModelWeights(emb, tensors)).toThrow(/missing embeddings.weight/);
    const withoutFc3Bias: Record<string, TensorEntry> = { ...tensors, 'decoder.extra': tensors['fc1.bias']! };
    delete withoutFc3Bias['fc3.bias'];
    expect(() => applyModelWeights(small, withoutFc3Bias)).toThrow(/missing fc3.bias; unexpected decoder.extra/);
    const ints = { ...tensors, 'fc1.bias': { dtype: 'I64', shape: [4], data: new BigInt64Array(4) } as TensorEntry };
    expect(() => applyModelWeights(small, ints)).toThrow(/not floating point: fc1.bias \(I64\)/);
    expect(read(other)).toEqual(before);
    [small, other, emb].forEach((m) => m.dispose());
  });

  it('names a file that cannot be read', async () => {
    const m = new ComposedGraphVae(DVAE, { hiddenSize: 4, latentSize: 2 });
    await expect(loadModelWeights(m, join(dir, 'nope.safetensors'))).rejects.toThrow(/nope.safetensors/);
    writeFileSync(join(dir, 'junk.safetensors'), 'not a safetensors file');
    await expect(loadModelWeights(m, join(dir, 'junk.safetensors'))).rejects.toThrow(/junk.safetensors/);
    m.dispose();
  });
});

describe('importing a reference DVAE / DVAE_EMB checkpoint (protocol §12 names)', () => {
  for (const embedding of [false, true]) {
    it(`${embedding ? 'DVAE_EMB' : 'DVAE'}: infers the model, loads it, and computes the reference's numbers`, async () => {
      const h = 9;
      const nz = 4;
      const stateDictEntries = referenceStateDict(h, nz, embedding, embedding ? 8 : 7);
      const path = join(dir, `reference-${embedding}.safetensors`);
      // What the user gets from safetensors.torch.save_file(torch.load(checkpoint), path).
      writeFileSync(path, encodeSafetensors(stateDictEntries, { format: 'pt' }));
      expect(inferModelOptions(stateDictEntries)).toEqual({
        name: embedding ? 'dvae-emb' : 'dvae',
        options: { hiddenSize: h, latentSize: nz, maxVertices: 8, bidirectional: true, ...(embedding ? { embeddingSize: 3 } : {}) },
      });
      const model = await loadModel(path);
      expect(model.name).toBe(embedding ? 'dvae-emb' : 'dvae');
      // The plain implementation reads the reference layout directly; on identical weights the
      // model's eval-mode loss must equal its numbers.
      const sd: StateDict = {};
      for (const [name, t] of Object.entries(stateDictEntries)) sd[name] = Float64Array.from(Float32Array.from(t.data as Float64Array));
      const table = embedding
        ? Array.from({ length: 8 }, (_, k) => Array.from(sd['embeddings.weight']!.subarray(3 * k, 3 * k + 3)))
        : Array.from({ length: 8 }, (_, k) => Array.from({ length: 8 }, (_, j) => (j === k ? 1 : 0)));
      const config = { hiddenSize: h, maxVertices: 8, bidirectional: true, table, graphState: 'last' as const, startType: 0 };
      let recon = 0;
      let kld = 0;
      for (const g of graphs) {
        const { mu, logvar } = plainEncode(sd, g, config);
        recon -= plainLogLikelihood(sd, g, mu, config);
        kld += -0.5 * mu.reduce((s, m, i) => s + 1 + logvar[i]! - m * m - Math.exp(logvar[i]!), 0);
      }
      const ours = tf.tidy(() => {
        const l = model.loss(graphs, { training: false });
        return [l.recon.dataSync()[0]!, l.kld.dataSync()[0]!];
      });
      expect(Math.abs(ours[0]! - recon) / recon).toBeLessThan(1e-5);
      expect(Math.abs(ours[1]! - kld) / Math.abs(kld)).toBeLessThan(1e-4);
      model.dispose();
    });
  }

  it('refuses a state dict of another architecture, naming what is missing', () => {
    expect(() => inferModelOptions({ 'fc1.weight': { dtype: 'F32', shape: [2, 3], data: new Float32Array(6) } }, 'svae.safetensors')).toThrow(
      '@opnas/vae: svae.safetensors is not a D-VAE family state dict: it has no grud.weight_hh',
    );
  });
});
