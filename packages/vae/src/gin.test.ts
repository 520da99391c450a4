import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initRuntime, tf } from '@opnas/runtime';
import { NB201_VOCABULARY, enumerateNb201 } from '@opnas/spaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComposedGraphVae } from './composed-model.js';
import { createModel, getModelDefinition, modelNames } from './model-registry.js';
import { loadModel, saveModelWeights } from './model-weights.js';

const dir = mkdtempSync(join(tmpdir(), 'opnas-vae-gin-'));
beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gin: a composed model (GIN encoder + one-hot types + D-VAE decoder)', () => {
  it('is registered and built from its composition, with its own options checked', () => {
    expect(modelNames()).toContain('gin');
    const model = createModel('gin', { hiddenSize: 8, latentSize: 4, levels: 2, vocabulary: NB201_VOCABULARY });
    expect(model).toBeInstanceOf(ComposedGraphVae);
    expect(model.describe()).toMatchObject({ model: 'gin', hiddenSize: '8', latentSize: '4', levels: '2' });
    expect(getModelDefinition('gin').options).toContain('levels');
    expect(() => createModel('gin', { embeddingSize: 3 })).toThrow("@opnas/vae: model 'gin' has no option 'embeddingSize'");
    model.dispose();
  });

  it('trains: a few full-batch Adam steps lower the loss on NB201 cells, leaving no tensors behind', () => {
    const model = createModel('gin', { hiddenSize: 16, latentSize: 8, vocabulary: NB201_VOCABULARY });
    const cells = enumerateNb201().filter((_, i) => i % 997 === 0);
    const before = tf.memory().numTensors;
    const lossOf = () => tf.tidy(() => model.loss(cells, { training: false }).loss.dataSync()[0]!);
    const first = lossOf();
    const optimizer = tf.train.adam(0.01);
    for (let k = 0; k < 30; k++) optimizer.minimize(() => model.loss(cells).loss, false, model.variables());
    optimizer.dispose();
    expect(lossOf()).toBeLessThan(first * 0.8);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('round-trips through a weight file: loadModel rebuilds the composition', async () => {
    const model = createModel('gin', { hiddenSize: 8, latentSize: 4, levels: 2, vocabulary: NB201_VOCABULARY, seed: 4 });
    const path = join(dir, 'gin.safetensors');
    await saveModelWeights(model, path);
    const loaded = await loadModel(path);
    expect(loaded.describe()).toEqual(model.describe());
    const cells = enumerateNb201().slice(100, 104);
    const a = tf.tidy(() => Array.from(model.encode(cells).mu.dataSync()));
    expect(tf.tidy(() => Array.from(loaded.encode(cells).mu.dataSync()))).toEqual(a);
    model.dispose();
    loaded.dispose();
  });
});
