import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENAS_VOCABULARY, isSameDag } from '@opnas/dag';
import type { Dag } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import { initRuntime, tf } from '@opnas/runtime';
import type { Tensor2D } from '@opnas/runtime';
import { NB101, NB101_VOCABULARY, NB201, NB201_VOCABULARY, enumerateNb201, sampleDistinct } from '@opnas/spaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The memorisation check every model passes (shared with S-VAE and GraphRNN).
import { overfit as overfitGreedy } from '@opnas/testing';
import { decoderAmbiguity } from '@opnas/decoder';
import { ComposedGraphVae } from './composed-model.js';
import { DVAE, DVAE_EMB } from './dvae.js';
import { createModel, defaultIterations, getModelDefinition } from './model-registry.js';
import { loadModel, saveModelWeights } from './model-weights.js';

const dir = mkdtempSync(join(tmpdir(), 'opnas-vae-spaces-'));
beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY = { hiddenSize: 24, latentSize: 16, seed: 1 } as const;

describe('createModel checks option names at run time', () => {
  it('names the unknown option and lists the known ones', () => {
    const options = { hiddenSzie: 64 } as never;
    expect(() => createModel('dvae', options)).toThrow("@opnas/vae: model 'dvae' has no option 'hiddenSzie'; its options are hiddenSize, latentSize");
    const name: string = 'gcn-emb';
    expect(() => createModel(name, { levels: 2, typo: 1, other: true })).toThrow("@opnas/vae: model 'gcn-emb' has no options 'typo', 'other'");
    expect(() => createModel(name, { vocabulary: NB201_VOCABULARY, latentSize: 4, hiddenSize: 4 }).dispose()).not.toThrow();
    expect(() => createModel('svae', { vocabulary: NB201_VOCABULARY } as never)).toThrow("@opnas/vae: model 'svae' has no option 'vocabulary'");
    // every built-in definition lists its options
    for (const n of ['dvae', 'dvae-emb', 'gcn', 'gcn-emb', 'svae', 'graphrnn']) expect(getModelDefinition(n).options?.includes('hiddenSize')).toBe(true);
  });

  it('the T × N default lives on the model definition: 4 iterations for dvae-emb, else 1', () => {
    expect(defaultIterations('dvae-emb')).toBe(4);
    for (const n of ['dvae', 'gcn', 'gcn-emb', 'svae', 'graphrnn']) expect(defaultIterations(n)).toBe(1);
    expect(() => defaultIterations('nope')).toThrow("unknown model 'nope'");
  });
});

describe('models on other search spaces (vocabulary option)', () => {
  it('size the encoding by the vocabulary: 7 NB201 types, 5 NB101 types', () => {
    const nb201 = new ComposedGraphVae(DVAE, { ...TINY, vocabulary: NB201_VOCABULARY });
    const emb = createModel('dvae-emb', { ...TINY, vocabulary: NB101_VOCABULARY });
    const enas = createModel('dvae', TINY);
    expect(nb201.encoding.typeCount).toBe(7);
    expect((emb as ComposedGraphVae).encoding.typeCount).toBe(5);
    const count = (m: { variables(): { size: number }[] }) => m.variables().reduce((s, v) => s + v.size, 0);
    // one-hot input rows of the three GRUs (3·hs each) and the type head (2·hs + 1 per type) shrink by one type
    expect(count(enas) - count(nb201)).toBe(3 * (3 * 24) + (2 * 24 + 1));
    expect(enas.describe()['vocabulary']).toBeUndefined();
    expect(JSON.parse(nb201.describe()['vocabulary']!).names).toEqual(NB201_VOCABULARY.names);
    expect(ENAS_VOCABULARY.names.length).toBe(8);
    for (const m of [nb201, emb, enas]) m.dispose();
  });

  it('weight files keep the vocabulary: loadModel rebuilds an NB201 gcn-emb', async () => {
    const model = createModel('gcn-emb', { ...TINY, vocabulary: NB201_VOCABULARY });
    const path = join(dir, 'nb201.safetensors');
    await saveModelWeights(model, path);
    const loaded = await loadModel(path);
    expect(loaded.describe()).toEqual(model.describe());
    const cells = enumerateNb201().slice(0, 4);
    const a = tf.tidy(() => Array.from(model.encode(cells).mu.dataSync()));
    const b = tf.tidy(() => Array.from(loaded.encode(cells).mu.dataSync()));
    expect(b).toEqual(a);
    model.dispose();
    loaded.dispose();
  });

  it('a batch of NB101 cells of different sizes has the loss of its parts', () => {
    const model = createModel('dvae', { ...TINY, vocabulary: NB101_VOCABULARY, maxVertices: 7 });
    const cells = sampleDistinct(NB101, 12, new PythonRandom(2));
    const sizes = new Set(cells.map((c) => c.types.length));
    expect(sizes.size).toBeGreaterThan(1);
    const total = tf.tidy(() => model.loss(cells, { training: false }).recon.dataSync()[0]!);
    const parts = cells.reduce((s, c) => s + tf.tidy(() => model.loss([c], { training: false }).recon.dataSync()[0]!), 0);
    expect(total).toBeCloseTo(parts, 3);
    model.dispose();
  });

  it('decodes only vocabulary types, starting from the space START type', () => {
    const model = createModel('dvae', { ...TINY, vocabulary: NB201_VOCABULARY });
    const z = tf.randomNormal([20, 16], 0, 1, 'float32', 3) as Tensor2D;
    const decoded = model.decode(z, { stochastic: true, random: 1 });
    z.dispose();
    for (const g of decoded) {
      expect(g.types[0]).toBe(NB201_VOCABULARY.start);
      g.types.forEach((t) => expect(t).toBeLessThan(7));
    }
    model.dispose();
  });
});

describe('overfitting 64 NB201 cells (hs 24, nz 16)', () => {
  it('decoderAmbiguity: most NB201 cells are beyond any D-VAE decoder (no backbone to carry history)', () => {
    const all = enumerateNb201();
    const last = all.filter((c) => decoderAmbiguity(c, { graphState: 'last' }) === null).length;
    const sum = all.filter((c) => decoderAmbiguity(c, { graphState: 'sum' }) === null).length;
    console.log(`NB201 cells a D-VAE decoder can represent: ${last} (last-vertex state), ${sum} (sum state) of 15,625`);
    expect(sum).toBeGreaterThan(64);
    expect(sum).toBeLessThan(all.length / 2);
  });

  // A tiny model memorises every cell its decoder can represent: 64 of those, spread over the
  // enumeration. (Other cells have two decisions that see identical inputs but need different
  // answers; no weights reconstruct them, see decoderAmbiguity.)
  for (const [name, graphState] of [
    ['gin', 'sum'],
    ['dvae-emb', 'last'],
  ] as const) {
    it(`${name} (${graphState} graph state) reconstructs all of them greedily`, () => {
      const representable = enumerateNb201().filter((c) => decoderAmbiguity(c, { graphState }) === null);
      const cells: Dag[] = Array.from({ length: 64 }, (_, i) => representable[(i * 97) % representable.length]!);
      expect(new Set(cells.map((c) => NB201.key(c))).size).toBe(64);
      const model = createModel(name, { ...TINY, vocabulary: NB201_VOCABULARY });
      const before = tf.memory().numTensors;
      const { accuracy, decoded, steps } = overfitGreedy(model, cells, { maxSteps: 1000 });
      console.log(`${name} on NB201: ${(accuracy * 100).toFixed(0)}% greedy reconstruction of 64 cells after ${steps} full-batch steps`);
      expect(accuracy).toBe(1);
      for (const [i, d] of decoded.entries()) {
        expect(isSameDag(d, cells[i]!)).toBe(true);
        expect(NB201.check(d)).toEqual({ valid: true });
      }
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    }, 600_000);
  }
});
