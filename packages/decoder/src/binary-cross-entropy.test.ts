import { gradientCheck, initRuntime, tf } from '@opnas/runtime';
import type { Scalar, Tensor } from '@opnas/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { binaryCrossEntropy } from './binary-cross-entropy.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('binaryCrossEntropy (PyTorch semantics)', () => {
  it('sums −[y log p + (1 − y) log(1 − p)]', () => {
    const p = [0.2, 0.7, 0.5, 0.9];
    const y = [0, 1, 1, 0];
    const expected = -p.reduce((s, pi, i) => s + (y[i]! * Math.log(pi) + (1 - y[i]!) * Math.log(1 - pi)), 0);
    const value = tf.tidy(() => binaryCrossEntropy(tf.tensor1d(p), tf.tensor1d(y)).dataSync()[0]!);
    expect(value).toBeCloseTo(expected, 5);
  });

  it('clamps each log term at −100 where p has rounded to 0 or 1', () => {
    const value = tf.tidy(() => binaryCrossEntropy(tf.tensor1d([0, 1, 1, 0]), tf.tensor1d([1, 0, 1, 0])).dataSync()[0]!);
    expect(value).toBe(200);
  });

  it('its gradient matches finite differences, for p and for y', () => {
    const p = tf.tensor1d([0.2, 0.7, 0.45, 0.9, 0.05]);
    const y = tf.tensor1d([0, 1, 0.3, 0, 1]);
    const check = gradientCheck(((a: Tensor, b: Tensor) => binaryCrossEntropy(a, b)) as never, [p, y], { epsilon: 1e-3 });
    expect(check.maxError).toBeLessThan(5e-3);
    tf.dispose([p, y]);
  });

  it('through a sigmoid the gradient is p − y, shrinking to 0 (not NaN) as p saturates', () => {
    const logits = tf.tensor1d([-3, 0.5, 40, -40]);
    const y = tf.tensor1d([1, 0, 0, 1]);
    const g = tf.tidy(() =>
      tf
        .grad((x: Tensor) => binaryCrossEntropy(tf.sigmoid(x), y) as Scalar)(logits)
        .dataSync(),
    );
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    expect(g[0]).toBeCloseTo(sig(-3) - 1, 5);
    expect(g[1]).toBeCloseTo(sig(0.5), 5);
    // sigmoid(40) rounds to 1 in float32: p(1 − p) = 0, so the gradient is exactly 0.
    expect(g[2]).toBe(0);
    // sigmoid(−40) ≈ 4.2e−18: p(1 − p) < 1e−12, so PyTorch's guard scales p − y = −1 down by
    // p(1 − p)/1e−12 instead of returning −1.
    const p3 = tf.tidy(() => tf.sigmoid(tf.scalar(-40)).dataSync()[0]!);
    expect(g[3]).toBeCloseTo(((p3 - 1) * p3 * (1 - p3)) / 1e-12, 9);
    expect(g[3]).toBeLessThan(0);
    expect(g[3]).toBeGreaterThan(-1e-5);
    tf.dispose([logits, y]);
  });
});
