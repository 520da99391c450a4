import { describe, expect, it } from 'vitest';
import { SeededInitialiser } from './seeded-initialiser.js';

function moments(xs: Float32Array): { mean: number; variance: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    sum += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = sum / xs.length;
  let sq = 0;
  for (const x of xs) sq += (x - mean) ** 2;
  return { mean, variance: sq / xs.length, min, max };
}

describe('SeededInitialiser', () => {
  it('is reproducible from the seed and differs between seeds', () => {
    expect(new SeededInitialiser(1).uniform(50, 1)).toEqual(new SeededInitialiser(1).uniform(50, 1));
    expect(new SeededInitialiser(1).uniform(50, 1)).not.toEqual(new SeededInitialiser(2).uniform(50, 1));
  });

  it('draws nn.Linear weights and bias from U(-1/sqrt(in), 1/sqrt(in)) (protocol §2.2)', () => {
    const { weight, bias } = new SeededInitialiser(3).linear(400, 100);
    expect(weight).toHaveLength(40_000);
    expect(bias).toHaveLength(100);
    const bound = 1 / 20;
    const m = moments(weight);
    expect(m.min).toBeGreaterThanOrEqual(-bound);
    expect(m.max).toBeLessThanOrEqual(bound);
    // U(-b, b) has variance b²/3; with 40,000 draws the sample variance is within 2%.
    expect(m.variance / ((bound * bound) / 3)).toBeGreaterThan(0.98);
    expect(m.variance / ((bound * bound) / 3)).toBeLessThan(1.02);
    expect(Math.abs(m.mean)).toBeLessThan(4 * Math.sqrt((bound * bound) / 3 / 40_000));
    expect(new SeededInitialiser(3).linear(4, 2, { bias: false }).bias).toBeUndefined();
  });

  it('draws GRUCell tensors from U(-1/sqrt(H), 1/sqrt(H)) in PyTorch order (protocol §2.1)', () => {
    const p = new SeededInitialiser(4).gruCell(8, 25);
    expect(p.weightIh).toHaveLength(75 * 8);
    expect(p.weightHh).toHaveLength(75 * 25);
    expect(p.biasIh).toHaveLength(75);
    expect(p.biasHh).toHaveLength(75);
    for (const t of [p.weightIh, p.weightHh, p.biasIh, p.biasHh]) {
      const m = moments(t);
      expect(m.min).toBeGreaterThanOrEqual(-0.2);
      expect(m.max).toBeLessThanOrEqual(0.2);
    }
    // weight_ih is drawn first: it equals the first draws of a fresh generator.
    expect(p.weightIh).toEqual(new SeededInitialiser(4).uniform(600, 0.2));
  });

  it('draws N(mean, std²) for embeddings', () => {
    const m = moments(new SeededInitialiser(5).normal(20_000, 0, 1));
    expect(Math.abs(m.mean)).toBeLessThan(0.03);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.04);
  });

  it('rejects bad sizes and seeds', () => {
    expect(() => new SeededInitialiser(1.5)).toThrow(/seed must be a safe integer/);
    expect(() => new SeededInitialiser(1).linear(0, 3)).toThrow(/inFeatures must be a positive integer, got 0/);
    expect(() => new SeededInitialiser(1).uniform(3, -1)).toThrow(/bound/);
  });
});
