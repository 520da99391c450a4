import { enasFlatToLayers, enasLayersToDag, isValidEnas } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import { describe, expect, it } from 'vitest';
import { enasSpace } from './enas-space.js';

const A = '0 1 0 2 0 1 3 1 0 0 4 0 1 0 1 5 0 0 0 0 1';
const OPS = [0, 1, 3, 6, 10, 15];
const valid = (flat: string) => isValidEnas(enasLayersToDag(enasFlatToLayers(flat)), { vertexCount: 8 });
const differences = (a: string, b: string) => {
  const x = a.split(' ');
  const y = b.split(' ');
  return x.flatMap((v, i) => (v === y[i] ? [] : [i]));
};

describe('enasSpace (ENAS-6)', () => {
  it('samples valid 8-vertex architectures with every op and bit value drawn', () => {
    const rng = new PythonRandom(1);
    const counts = new Array(6).fill(0);
    let ones = 0;
    for (let k = 0; k < 600; k++) {
      const a = enasSpace.sample(rng);
      expect(valid(a)).toBe(true);
      const v = a.split(' ').map(Number);
      for (const i of OPS) counts[v[i]!]++;
      ones += v.filter((_, i) => !OPS.includes(i)).reduce((s, b) => s + b, 0);
    }
    // 3600 ops, 600 per op expected; 9000 bits, half set: loose bounds a uniform draw passes
    for (const c of counts) expect(Math.abs(c - 600)).toBeLessThan(120);
    expect(Math.abs(ones / 9000 - 0.5)).toBeLessThan(0.03);
  });

  it('lists the 45 one-edit neighbours: 30 op changes and 15 edge flips, all valid and distinct', () => {
    const n = enasSpace.neighbours(A);
    expect(n).toHaveLength(45);
    expect(new Set(n).size).toBe(45);
    for (const b of n) {
      const d = differences(A, b);
      expect(d).toHaveLength(1);
      expect(valid(b)).toBe(true);
    }
    expect(n.filter((b) => OPS.includes(differences(A, b)[0]!))).toHaveLength(30);
  });

  it('mutates into a neighbour, op changes and edge flips about equally often', () => {
    const rng = new PythonRandom(7);
    const n = new Set(enasSpace.neighbours(A));
    let opChanges = 0;
    for (let k = 0; k < 1000; k++) {
      const b = enasSpace.mutate(A, rng);
      expect(n.has(b)).toBe(true);
      if (OPS.includes(differences(A, b)[0]!)) opChanges++;
    }
    expect(Math.abs(opChanges - 500)).toBeLessThan(60);
  });

  it('rejects strings that are not ENAS-6 architectures, naming them', () => {
    expect(() => enasSpace.neighbours('0 1 0')).toThrow(/@opnas\/search: "0 1 0" has 2 layers, expected 6/);
    expect(() => enasSpace.mutate('x', new PythonRandom(0))).toThrow(/"x" is not an ENAS flat string/);
    expect(() => enasSpace.neighbours(A.replace(/^0/, '6'))).toThrow(/layer 0: op must be an integer in 0..5, found 6/);
  });
});
