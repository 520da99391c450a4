import { beforeAll, describe, expect, it } from 'vitest';
import { inReferenceOrder, initialiseParameters, referenceParameter, sameLayoutParameter, transposedParameter } from './reference-parameter.js';
import { SeededInitialiser } from './seeded-initialiser.js';
import { initRuntime } from './runtime.js';
import { tf } from './tf.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('referenceParameter', () => {
  it('reads a transposed weight in the out × in layout and writes it back', () => {
    const v = tf.variable(
      tf.tensor2d([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ); // in = 2, out = 3
    const p = transposedParameter('fc.weight', v);
    expect(p.shape).toEqual([3, 2]);
    expect(Array.from(p.read())).toEqual([1, 4, 2, 5, 3, 6]);
    p.write(new Float32Array([10, 40, 20, 50, 30, 60]));
    expect(v.arraySync()).toEqual([
      [10, 20, 30],
      [40, 50, 60],
    ]);
    v.dispose();
  });

  it('assembles one reference tensor from blocks of two variables (gate = [h part | index part])', () => {
    // Fused h-part [H=2, 2H=4] (gate | mapper) and index part [maxN=3, 4]; the reference gate
    // weight is [H, H + maxN] = [2, 5].
    const wh = tf.variable(
      tf.tensor2d([
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ]),
    );
    const wid = tf.variable(
      tf.tensor2d([
        [9, 10, 11, 12],
        [13, 14, 15, 16],
        [17, 18, 19, 20],
      ]),
    );
    const gate = referenceParameter(
      'gate.0.weight',
      [2, 5],
      [
        { variable: wh, cols: [0, 2], transpose: true },
        { variable: wid, cols: [0, 2], at: [0, 2], transpose: true },
      ],
    );
    const mapper = referenceParameter(
      'mapper.0.weight',
      [2, 5],
      [
        { variable: wh, cols: [2, 2], transpose: true },
        { variable: wid, cols: [2, 2], at: [0, 2], transpose: true },
      ],
    );
    expect(Array.from(gate.read())).toEqual([1, 5, 9, 13, 17, 2, 6, 10, 14, 18]);
    expect(Array.from(mapper.read())).toEqual([3, 7, 11, 15, 19, 4, 8, 12, 16, 20]);
    gate.write(new Float32Array([-1, -5, -9, -13, -17, -2, -6, -10, -14, -18]));
    // The mapper half of the shared variables is untouched.
    expect(wh.arraySync()).toEqual([
      [-1, -2, 3, 4],
      [-5, -6, 7, 8],
    ]);
    expect(Array.from(mapper.read())).toEqual([3, 7, 11, 15, 19, 4, 8, 12, 16, 20]);
    tf.dispose([wh, wid]);
  });

  it('refuses blocks that do not tile the reference exactly, and wrong value counts', () => {
    const v = tf.variable(tf.zeros([2, 2]));
    expect(() => referenceParameter('x', [2, 3], [{ variable: v, transpose: false }])).toThrow(/do not cover/);
    expect(() =>
      referenceParameter(
        'x',
        [2, 2],
        [
          { variable: v, transpose: false },
          { variable: v, rows: [0, 1], transpose: false },
        ],
      ),
    ).toThrow(/overlap/);
    expect(() => sameLayoutParameter('b', v).write(new Float32Array(3))).toThrow(/b needs 4 values \(shape \[2, 2\]\), got 3/);
    v.dispose();
  });
});

describe('initialiseParameters', () => {
  it('draws in list order with each parameter’s distribution and skips those without one', () => {
    const a = tf.variable(tf.zeros([3, 2]));
    const b = tf.variable(tf.zeros([2]));
    const c = tf.variable(tf.fill([2], 7));
    const params = [transposedParameter('a', a, { kind: 'uniform', bound: 0.5 }), sameLayoutParameter('c', c), sameLayoutParameter('b', b, { kind: 'normal' })];
    initialiseParameters(params, new SeededInitialiser(11));
    const reference = new SeededInitialiser(11);
    expect(params[0]!.read()).toEqual(reference.uniform(6, 0.5));
    expect(Array.from(c.dataSync())).toEqual([7, 7]);
    expect(b.dataSync()).toEqual(reference.normal(2));
    tf.dispose([a, b, c]);
  });
});

describe('inReferenceOrder', () => {
  it('sorts by the first matching prefix, unmatched names last, ties in their given order', () => {
    const names = ['fc1.weight', 'zz.bias', 'grud.weight_ih', 'fc1.bias', 'embeddings.weight', 'grud.bias_ih'];
    const sorted = inReferenceOrder(
      names.map((name) => ({ name })),
      ['embeddings.', 'grud.', 'fc1.'],
    ).map((p) => p.name);
    expect(sorted).toEqual(['embeddings.weight', 'grud.weight_ih', 'grud.bias_ih', 'fc1.weight', 'fc1.bias', 'zz.bias']);
    // a prefix is a prefix of the name, not any substring
    expect(inReferenceOrder([{ name: 'a.grud.x' }, { name: 'grud.y' }], ['grud.']).map((p) => p.name)).toEqual(['grud.y', 'a.grud.x']);
  });
});
