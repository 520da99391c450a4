import { describe, expect, it } from 'vitest';
import { PAPER_ADAM, adamUpdate, resolveAdamOptions } from './adam.js';

/** Plain float64 Adam, written from the textbook formula (Kingma & Ba, PyTorch's docs). */
function plainAdam(p0: number, grads: readonly number[], lr = 1e-4, b1 = 0.9, b2 = 0.999, eps = 1e-8): number[] {
  let p = p0;
  let m = 0;
  let v = 0;
  return grads.map((g, k) => {
    const t = k + 1;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    const mHat = m / (1 - b1 ** t);
    const vHat = v / (1 - b2 ** t);
    p -= (lr * mHat) / (Math.sqrt(vHat) + eps);
    return p;
  });
}

function run(p0: number, grads: readonly number[]): { p: number[]; m: number[]; v: number[] } {
  const params = Float32Array.of(p0);
  const m = new Float32Array(1);
  const v = new Float32Array(1);
  const out = { p: [] as number[], m: [] as number[], v: [] as number[] };
  grads.forEach((g, k) => {
    adamUpdate({ params, m, v, grads: [Float32Array.of(g)] }, k + 1, 1e-4, PAPER_ADAM);
    out.p.push(params[0]!);
    out.m.push(m[0]!);
    out.v.push(v[0]!);
  });
  return out;
}

describe('adamUpdate', () => {
  it('takes the hand-computed first step: m̂ = g, v̂ = g², so p moves by lr·g/(|g| + ε)', () => {
    // p = 1, g = 0.5: p₁ = 1 − 1e-4 · 0.5 / (0.5 + 1e-8) = 0.99990000002 (float32: 0.9999000).
    const { p, m, v } = run(1, [0.5]);
    expect(p[0]).toBeCloseTo(0.99990000002, 7);
    expect(m[0]).toBeCloseTo(0.05, 8);
    expect(v[0]).toBeCloseTo(0.00025, 10);
  });

  it('follows the textbook recurrence over several steps (float64 reference, float32 tolerance)', () => {
    const grads = [0.2, -0.1, 0.05, 3, -2.5, 0, 1e-3];
    const expected = plainAdam(0.3, grads);
    const { p } = run(0.3, grads);
    p.forEach((value, i) => expect(Math.abs(value - expected[i]!)).toBeLessThan(1e-7));
  });

  it("matches PyTorch's float32 operation order bit for bit (numpy float32 emulation)", () => {
    // Computed with numpy.float32, one rounding per tensor op in torch.optim.Adam's order:
    // m = m·β₁ + g·(1−β₁); v = v·β₂ + (g·(1−β₂))·g; p += (−lr/bc₁)·(m / (√v/√bc₂ + ε)).
    const { p, m, v } = run(0.3, [0.2, -0.1, 0.05]);
    expect(p).toEqual([0.29990002512931824, 0.29987338185310364, 0.2998393476009369]);
    expect(m).toEqual([0.020000001415610313, 0.00800000037997961, 0.012200000695884228]);
    expect(v).toEqual([4.0000002627493814e-5, 4.996000279788859e-5, 5.241004328127019e-5]);
  });

  it('sums partial gradients (data-parallel shards) before the update', () => {
    const a = { params: Float32Array.of(1, 2), m: new Float32Array(2), v: new Float32Array(2) };
    const b = { params: Float32Array.of(1, 2), m: new Float32Array(2), v: new Float32Array(2) };
    adamUpdate({ ...a, grads: [Float32Array.of(0.25, -1)] }, 1, 1e-3, PAPER_ADAM);
    adamUpdate({ ...b, grads: [Float32Array.of(0.125, -0.5), Float32Array.of(0.125, -0.5)] }, 1, 1e-3, PAPER_ADAM);
    expect(b.params).toEqual(a.params);
    expect(b.v).toEqual(a.v);
  });

  it('gives the same bits when the range is split (workers update disjoint slices)', () => {
    const n = 1000;
    const grads = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 0.1);
    const whole = { params: Float32Array.from({ length: n }, (_, i) => Math.cos(i)), m: new Float32Array(n), v: new Float32Array(n) };
    const split = { params: whole.params.slice(), m: new Float32Array(n), v: new Float32Array(n) };
    for (let t = 1; t <= 3; t++) {
      adamUpdate({ ...whole, grads: [grads] }, t, 1e-4, PAPER_ADAM);
      adamUpdate({ ...split, grads: [grads] }, t, 1e-4, PAPER_ADAM, 0, 377);
      adamUpdate({ ...split, grads: [grads] }, t, 1e-4, PAPER_ADAM, 377, n);
    }
    expect(split.params).toEqual(whole.params);
  });

  it('leaves a parameter that never gets a gradient unchanged (PyTorch skips grad = None)', () => {
    const { p } = run(0.7, [0, 0, 0]);
    expect(p).toEqual([Math.fround(0.7), Math.fround(0.7), Math.fround(0.7)]);
  });

  it('refuses bad settings and steps', () => {
    expect(() => resolveAdamOptions({ learningRate: 0 })).toThrow(/@opnas\/train: learningRate must be a positive number, got 0/);
    expect(() => resolveAdamOptions({ beta2: 1 })).toThrow(/beta2 must be in \[0, 1\)/);
    expect(resolveAdamOptions({ beta1: 0.5 })).toEqual({ ...PAPER_ADAM, beta1: 0.5 });
    const one = new Float32Array(1);
    expect(() => adamUpdate({ params: one, m: one, v: one, grads: [one] }, 0, 1e-4, PAPER_ADAM)).toThrow(/Adam step must be a positive integer, got 0/);
  });
});

describe('adamUpdate with several partial gradients', () => {
  it('sums three or more left to right, over any sub-range', () => {
    const n = 50;
    const parts = [0, 1, 2].map((k) => Float32Array.from({ length: n }, (_, i) => Math.sin(i + k) * 0.3));
    const summed = Float32Array.from({ length: n }, (_, i) => Math.fround(Math.fround(parts[0]![i]! + parts[1]![i]!) + parts[2]![i]!));
    const a = { params: Float32Array.from({ length: n }, (_, i) => i / n), m: new Float32Array(n), v: new Float32Array(n) };
    const b = { params: a.params.slice(), m: new Float32Array(n), v: new Float32Array(n) };
    adamUpdate({ ...a, grads: [summed] }, 1, 1e-3, PAPER_ADAM);
    adamUpdate({ ...b, grads: parts }, 1, 1e-3, PAPER_ADAM, 0, 20);
    adamUpdate({ ...b, grads: parts }, 1, 1e-3, PAPER_ADAM, 20, n);
    expect(b.params).toEqual(a.params);
    expect(b.m).toEqual(a.m);
  });
});
