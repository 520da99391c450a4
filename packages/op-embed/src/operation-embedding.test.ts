import { SeededInitialiser, gradientCheck, initRuntime, tf } from '@opnas/runtime';
import type { Tensor } from '@opnas/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { OneHotEncoding } from './one-hot-encoding.js';
import { OperationEmbedding } from './operation-embedding.js';
import { RELEASED_EMBEDDING_TABLE } from './released-table.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('OneHotEncoding', () => {
  it('encodes type k as the unit vector e_k and has no parameters', () => {
    const enc = new OneHotEncoding();
    expect(enc.size).toBe(8);
    expect(enc.table().arraySync()).toEqual(Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (i === j ? 1 : 0))));
    const rows = enc.encode([3, 0, 7]);
    expect(rows.arraySync()).toEqual([
      [0, 0, 0, 1, 0, 0, 0, 0],
      [1, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 1],
    ]);
    expect(enc.variables()).toEqual([]);
    expect(enc.referenceParameters()).toEqual([]);
    rows.dispose();
    enc.dispose();
  });

  it('rejects type ids outside the vocabulary, naming the position', () => {
    const enc = new OneHotEncoding();
    expect(() => enc.encode([1, 8])).toThrow('@opnas/op-embed: types[1] must be an integer type id in 0..7, got 8');
    expect(() => new OneHotEncoding({ typeCount: 1 })).toThrow(/typeCount/);
    enc.dispose();
  });
});

describe('OperationEmbedding', () => {
  it('defaults to an 8 × 3 table drawn from N(0, 1) with the given seed', () => {
    const a = new OperationEmbedding({ seed: 5 });
    const b = new OperationEmbedding({ seed: 5 });
    const c = new OperationEmbedding({ seed: 6 });
    expect(a.typeCount).toBe(8);
    expect(a.size).toBe(3);
    expect(a.toArray()).toEqual(b.toArray());
    expect(a.toArray()).not.toEqual(c.toArray());
    // The values are the first 24 normal draws of that seed.
    expect(Float32Array.from(a.toArray().flat())).toEqual(new SeededInitialiser(5).normal(24));
    [a, b, c].forEach((e) => e.dispose());
  });

  it("'released' is the hard-coded table of protocol §3.2", () => {
    const e = new OperationEmbedding({ init: 'released' });
    const rows = e.toArray();
    expect(rows[0]![0]).toBeCloseTo(-1.505, 6);
    expect(rows[3]![1]).toBeCloseTo(1.9, 6);
    expect(rows[7]![2]).toBeCloseTo(2.217, 6);
    rows.forEach((row, k) => row.forEach((v, j) => expect(v).toBeCloseTo(RELEASED_EMBEDDING_TABLE[k]![j]!, 6)));
    e.dispose();
    expect(() => new OperationEmbedding({ init: 'released', size: 4 })).toThrow(/released table is 8 × 3/);
  });

  it('takes a given table and checks its shape and values', () => {
    const table = Array.from({ length: 8 }, (_, k) => [k, -k]);
    const e = new OperationEmbedding({ size: 2, init: table });
    expect(e.toArray()).toEqual(table);
    expect(e.encode([2, 5]).arraySync()).toEqual([
      [2, -2],
      [5, -5],
    ]);
    e.dispose();
    expect(() => new OperationEmbedding({ size: 2, init: table.slice(1) })).toThrow('@opnas/op-embed: init must have 8 rows, got 7');
    expect(() => new OperationEmbedding({ size: 2, init: [...table.slice(1), [1, Number.NaN]] })).toThrow('init[7][1] must be a finite number');
  });

  it('exposes the table as the reference parameter embeddings.weight', () => {
    const e = new OperationEmbedding({ init: 'released' });
    const [p] = e.referenceParameters();
    expect(p!.name).toBe('embeddings.weight');
    expect(p!.shape).toEqual([8, 3]);
    expect(p!.init).toBeUndefined();
    p!.write(new Float32Array(24).fill(0.5));
    expect(e.toArray()[4]).toEqual([0.5, 0.5, 0.5]);
    e.dispose();
  });

  it('is learnable: the gradient of a function of encoded rows matches finite differences', () => {
    const e = new OperationEmbedding({ seed: 2 });
    const w = tf.tensor2d(new SeededInitialiser(9).normal(6), [3, 2]);
    const types = [4, 1, 4, 6];
    const f = (table: Tensor) => tf.sum(tf.tanh(tf.matMul(tf.gather(table, tf.tensor1d(types, 'int32')), w)));
    const check = gradientCheck(f as never, [e.table()], { maxEntries: 24 });
    expect(check.maxError).toBeLessThan(5e-3);
    // Rows of types that were not encoded get exactly zero gradient.
    for (const entry of check.entries) if (![1, 4, 6].includes(Math.floor(entry.index / 3))) expect(entry.analytic).toBe(0);
    const [variable] = e.variables();
    expect(variable!.trainable).toBe(true);
    tf.dispose(w);
    e.dispose();
  });
});
