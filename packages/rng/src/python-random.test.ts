import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PythonRandom, RandomArgumentError } from './python-random.js';

// Expected values were printed by CPython 3.11's `random` module on this machine, e.g.
// python3 -c "import random; r=random.Random(0); print([r.random() for _ in range(3)])"
describe('PythonRandom matches CPython', () => {
  it('random() after seed 0', () => {
    const r = new PythonRandom(0);
    expect([r.random(), r.random(), r.random()]).toEqual([0.8444218515250481, 0.7579544029403025, 0.420571580830845]);
  });

  it('multi-word seeds, getrandbits above 32 bits, randbelow, gauss', () => {
    const r = new PythonRandom(12345678901234);
    expect([r.getrandbits(40), r.getrandbits(40), r.getrandbits(40)]).toEqual([614287875201, 906862273772, 581651090670]);
    expect(r.randbelow(10 ** 15)).toBe(555952241847939);
    expect(r.gauss(0, 1)).toBe(0.6513722880449269);
    expect(r.gauss(0, 1)).toBe(-0.12172352487728606);
    expect(r.random()).toBe(0.764757300683524);
  });

  it('bigint seeds above 2^64', () => {
    expect(new PythonRandom(2n ** 70n + 5n).random()).toBe(0.46679953776226335);
  });

  it('negative seeds use abs(n), and shuffle is Fisher–Yates from the end', () => {
    expect(new PythonRandom(-7).shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([8, 3, 1, 4, 7, 0, 9, 6, 2, 5]);
  });

  it('randint(1, 6) with seed 1', () => {
    const r = new PythonRandom(1);
    expect(Array.from({ length: 8 }, () => r.randint(1, 6))).toEqual([2, 5, 1, 3, 1, 4, 4, 4]);
  });
});

describe('PythonRandom state', () => {
  it('getState/setState continues the exact sequence, including a pending gauss deviate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 1500 }), (seed, skip) => {
        const a = new PythonRandom(seed);
        for (let i = 0; i < skip; i++) a.random();
        a.gauss();
        const b = new PythonRandom(999);
        b.setState(JSON.parse(JSON.stringify(a.getState())));
        expect([b.gauss(), b.random(), b.randbelow(17_118)]).toEqual([a.gauss(), a.random(), a.randbelow(17_118)]);
      }),
      { numRuns: 30 },
    );
  });

  it('randbelow stays in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (seed, n) => {
        const v = new PythonRandom(seed).randbelow(n);
        return Number.isInteger(v) && v >= 0 && v < n;
      }),
    );
  });

  it('rejects bad arguments with a typed error', () => {
    const r = new PythonRandom(0);
    expect(() => r.randbelow(0)).toThrow(RandomArgumentError);
    expect(() => r.getrandbits(54)).toThrow(/0\.\.53 bits/);
    expect(() => new PythonRandom(0.5)).toThrow(/safe integer/);
    expect(() => r.setState({ mt: [1, 2], index: 0, gaussNext: null })).toThrow(/624 words/);
  });
});
