import { initRuntime } from '@opnas/runtime';
import { NB201_VOCABULARY, enumerateNb201 } from '@opnas/spaces';
import { describeGraphVae, readEnasGraphs } from '@opnas/testing';
import { beforeAll } from 'vitest';
import { createModel, modelNames } from './model-registry.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

// Every registered model, at a tiny width, on ENAS graphs…
for (const name of modelNames()) {
  describeGraphVae(name, (seed) => createModel(name, { hiddenSize: 6, latentSize: 3, seed }), { graphs: () => readEnasGraphs(4) });
}

// …and the D-VAE-decoder models on NB201 cells, with that space's vocabulary.
for (const name of ['dvae-emb', 'gcn', 'gin'] as const) {
  describeGraphVae(`${name} (NB201)`, (seed) => createModel(name, { hiddenSize: 6, latentSize: 3, seed, vocabulary: NB201_VOCABULARY }), {
    graphs: () => enumerateNb201().slice(300, 304),
    vocabulary: NB201_VOCABULARY,
  });
}
