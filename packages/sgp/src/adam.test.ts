import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';

describe('Adam (protocol §6.6 settings)', () => {
  it('defaults to lr 5e-4, β 0.9/0.999, ε 1e-8', () => {
    const adam = new Adam(1);
    expect([adam.learningRate, adam.beta1, adam.beta2, adam.epsilon]).toEqual([5e-4, 0.9, 0.999, 1e-8]);
  });

  it('takes the textbook steps with the bias-correction counter starting at 1', () => {
    const adam = new Adam(2, { learningRate: 0.1 });
    const theta = Float64Array.from([1, -2]);
    const g1 = [0.5, -3];
    const g2 = [-1, 2];
    adam.step(theta, Float64Array.from(g1));
    // step 1: m̂ = g, v̂ = g², so θ −= lr·g/(|g| + ε)
    expect(theta[0]).toBeCloseTo(1 - 0.1 * (0.5 / (0.5 + 1e-8)), 14);
    expect(theta[1]).toBeCloseTo(-2 + 0.1 * (3 / (3 + 1e-8)), 14);
    const before = Float64Array.from(theta);
    adam.step(theta, Float64Array.from(g2));
    for (let i = 0; i < 2; i++) {
      const m = 0.9 * 0.1 * g1[i]! + 0.1 * g2[i]!;
      const v = 0.999 * 0.001 * g1[i]! ** 2 + 0.001 * g2[i]! ** 2;
      const mh = m / (1 - 0.9 ** 2);
      const vh = v / (1 - 0.999 ** 2);
      expect(theta[i]).toBeCloseTo(before[i]! - (0.1 * mh) / (Math.sqrt(vh) + 1e-8), 14);
    }
    expect(adam.getState().step).toBe(2);
  });

  it('state round-trips and continues identically', () => {
    const a = new Adam(3, { learningRate: 0.01 });
    const ta = Float64Array.from([1, 2, 3]);
    a.step(ta, Float64Array.from([1, -1, 0.5]));
    const b = new Adam(3, { learningRate: 0.01 });
    b.setState(a.getState());
    const tb = Float64Array.from(ta);
    a.step(ta, Float64Array.from([0.2, 0.3, -0.4]));
    b.step(tb, Float64Array.from([0.2, 0.3, -0.4]));
    expect(Array.from(tb)).toEqual(Array.from(ta));
  });
});
