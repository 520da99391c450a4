import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineVocabulary } from '@opnas/dag';
import { RELEASED_EMBEDDING_TABLE } from '@opnas/op-embed';
import { initRuntime } from '@opnas/runtime';
import { createModel } from '@opnas/vae';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingIterations } from './embedding-iterations.js';
import { parameterLayout, readVariables } from './parameter-layout.js';

const TINY = { hiddenSize: 5, latentSize: 3, seed: 2 };
const dir = mkdtempSync(join(tmpdir(), 'opnas-embedding-iterations-'));
beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CELL_TYPES = defineVocabulary({ names: ['input', 'output', 'conv3x3', 'maxpool3x3'], start: 0, end: 1 });
const settings = { iterations: 4, carryOver: 'embeddings', initTable: 'normal' } as const;

describe('EmbeddingIterations (the T × N scheme, protocol §4.2)', () => {
  it('refuses what needs a table on a model without one, naming the model', () => {
    const dvae = createModel('dvae', TINY);
    expect(() => EmbeddingIterations.prepare(dvae, { ...settings, iterations: 1 }, { modelName: 'dvae', initTableGiven: true })).toThrow(
      "@opnas/train: initTable applies to models with an operation embedding; 'dvae' has none",
    );
    expect(() => EmbeddingIterations.prepare(dvae, settings, { modelName: 'dvae', initTableGiven: false })).toThrow(
      "carryOver 'embeddings' needs a model with an operation embedding; 'dvae' has none",
    );
    // plain training, or carrying everything over, needs no table
    expect(EmbeddingIterations.prepare(dvae, { ...settings, carryOver: 'all' }, { modelName: 'dvae', initTableGiven: false }).embedding).toBeUndefined();
    dvae.dispose();
  });

  it('starts from the released table on request, changing no other weight', () => {
    const normal = createModel('dvae-emb', TINY);
    const released = createModel('dvae-emb', TINY);
    EmbeddingIterations.prepare(normal, settings, { modelName: 'dvae-emb', initTableGiven: false });
    const scheme = EmbeddingIterations.prepare(released, { ...settings, initTable: 'released' }, { modelName: 'dvae-emb', initTableGiven: true });
    expect(Array.from(scheme.embedding!.read())).toEqual(Array.from(Float32Array.from(RELEASED_EMBEDDING_TABLE.flat())));
    const rest = (m: typeof normal) =>
      m
        .referenceParameters()
        .filter((p) => p.name !== 'embeddings.weight')
        .map((p) => Array.from(p.read()));
    expect(rest(released)).toEqual(rest(normal));
    normal.dispose();
    released.dispose();
  });

  it('carries the table into fresh initial weights and zeroes Adam, or (carryOver all) keeps everything', () => {
    const model = createModel('dvae-emb', TINY);
    const scheme = EmbeddingIterations.prepare(model, settings, { modelName: 'dvae-emb', initTableGiven: false });
    expect(scheme.restarts).toBe(true);
    const variables = model.variables();
    const layout = parameterLayout(variables);
    const initial = new Float32Array(layout.size);
    readVariables(variables, layout, initial);
    // "training" moved every weight; the learned table is the moved one
    for (const p of model.referenceParameters()) p.write(p.read().map((v) => v + 0.5));
    const learned = Array.from(scheme.embedding!.read());
    const state = { weights: new Float32Array(layout.size), m: new Float32Array(layout.size).fill(3), v: new Float32Array(layout.size).fill(4) };
    scheme.carryOver(variables, layout, initial, state);
    expect(Array.from(scheme.embedding!.read())).toEqual(learned);
    // the table is the first variable (8 × 3): every other weight is back at its initial value
    expect(variables[0]!.size).toBe(24);
    expect(Array.from(state.weights.subarray(0, 24))).toEqual(learned);
    expect(Array.from(state.weights.subarray(24))).toEqual(Array.from(initial.subarray(24)));
    expect(state.m.every((x) => x === 0) && state.v.every((x) => x === 0)).toBe(true);
    expect(scheme.notice(2)).toBe('iteration 2 of 4: carrying over the embedding table');
    const all = EmbeddingIterations.prepare(model, { ...settings, carryOver: 'all' }, { modelName: 'dvae-emb', initTableGiven: false });
    expect(all.restarts).toBe(false);
    expect(() => all.carryOver(variables, layout, initial, state)).toThrow("carryOver is for carryOver 'embeddings'");
    expect(all.notice(3)).toBe('iteration 3 of 4: carrying over weights, Adam moments and the scheduler');
    model.dispose();
  });

  it("writes each iteration's table atomically with the space's type names", async () => {
    const model = createModel('dvae-emb', { ...TINY, vocabulary: CELL_TYPES });
    const scheme = EmbeddingIterations.prepare(model, settings, { modelName: 'dvae-emb', initTableGiven: false, vocabulary: CELL_TYPES });
    await scheme.writeTable(dir, 0);
    await scheme.writeTable(dir, 1);
    expect(readdirSync(dir).sort()).toEqual(['embeddings-iteration-0.json', 'embeddings-iteration-1.json']);
    const json = JSON.parse(readFileSync(join(dir, 'embeddings-iteration-1.json'), 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(json)).toContain('maxpool3x3');
    const rows = Array.from(scheme.embedding!.read());
    expect(JSON.stringify(json)).toContain(String(rows[0]));
    model.dispose();
    const dvae = createModel('dvae', TINY);
    const none = EmbeddingIterations.prepare(dvae, { ...settings, iterations: 1 }, { modelName: 'dvae', initTableGiven: false });
    await none.writeTable(join(dir, 'absent'), 2); // no table: nothing written, not even the folder
    expect(readdirSync(dir)).toHaveLength(2);
    dvae.dispose();
  });
});
