import { PythonRandom } from '@opnas/rng';
import { initRuntime, tf } from '@opnas/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEnasGraphs } from '@opnas/testing';
import { decodeLatents } from './decode-latents.js';
import { ComposedGraphVae } from './composed-model.js';
import { DVAE, DVAE_EMB } from './dvae.js';
import { encodeMean } from './encode-mean.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('encodeMean and decodeLatents', () => {
  const graphs = readEnasGraphs(10);

  it('encodeMean gives μ of every graph, whatever the batch size, reporting progress', () => {
    const model = new ComposedGraphVae(DVAE, { hiddenSize: 8, latentSize: 3, seed: 2 });
    const progress: number[] = [];
    const batched = encodeMean(model, graphs, { batchSize: 4, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([4, 8, 10]);
    const whole = tf.tidy(() => model.encode(graphs).mu.dataSync());
    expect(batched.length).toBe(30);
    batched.forEach((v, i) => expect(v).toBeCloseTo(whole[i]!, 5));
    model.dispose();
  });

  it('decodeLatents decodes batch by batch with one generator, reproducibly', () => {
    const model = new ComposedGraphVae(DVAE_EMB, { hiddenSize: 8, latentSize: 3, seed: 3 });
    const latents = Array.from({ length: 7 }, (_, i) => [Math.sin(i), Math.cos(i), i / 7]);
    const a = decodeLatents(model, latents, { batchSize: 3, random: 5 });
    const b = decodeLatents(model, Float32Array.from(latents.flat()), { batchSize: 3, random: new PythonRandom(5) });
    expect(a).toHaveLength(7);
    expect(b).toEqual(a);
    // Greedy decoding does not depend on the batching.
    const z = tf.tensor2d(latents);
    expect(decodeLatents(model, latents, { batchSize: 2, stochastic: false })).toEqual(model.decode(z, { stochastic: false }));
    z.dispose();
    expect(() => decodeLatents(model, [[1, 2]])).toThrow("@opnas/vae: latent row 0 has 2 numbers; the model's latent size is 3");
    model.dispose();
  });
});
