import { GruCell } from '@opnas/encoders';
import { SeededInitialiser, gradientCheck, initRuntime, initialiseParameters, tf, variableGradientCheck } from '@opnas/runtime';
import type { Scalar, Tensor, Tensor2D } from '@opnas/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { GruLayer } from './gru-layer.js';
import { gruSequence } from './gru-sequence.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

const H = 5;
const R = 3;
const T = 4;
const init = new SeededInitialiser(21);

function cell(seed: number): GruCell {
  const c = new GruCell(2, H);
  initialiseParameters(c.referenceParameters('gru'), new SeededInitialiser(seed));
  return c;
}

/** The same recurrence composed from GruCell.step (autodiff through tfjs's own gradients). */
function composed(gates: Tensor2D, c: GruCell, h0: Tensor2D | undefined, repeat: boolean): Tensor2D {
  const blocks = repeat ? new Array<Tensor2D>(T).fill(gates) : (tf.split(gates, T, 0) as Tensor2D[]);
  let h: Tensor2D | null = h0 ?? null;
  const states: Tensor2D[] = [];
  for (const g of blocks) {
    h = c.step(g, h);
    states.push(h);
  }
  return tf.concat(states, 0) as Tensor2D;
}

const cases = [
  { name: 'zero initial state', initial: false, repeat: false },
  { name: 'given initial state', initial: true, repeat: false },
  { name: 'one input block repeated at every step', initial: true, repeat: true },
  { name: 'repeated input from a zero state', initial: false, repeat: true },
] as const;

describe('gruSequence', () => {
  for (const c of cases) {
    it(`${c.name}: states and all gradients match the GruCell.step composition and finite differences`, () => {
      const gru = cell(3);
      const gates = tf.tensor2d(init.uniform((c.repeat ? 1 : T) * R * 3 * H, 1.5), [(c.repeat ? 1 : T) * R, 3 * H]);
      const h0 = c.initial ? tf.tensor2d(init.uniform(R * H, 1), [R, H]) : undefined;
      const readout = tf.tensor2d(init.uniform(T * R * H, 1), [T * R, H]);
      const options = { steps: T, repeatInput: c.repeat, ...(h0 === undefined ? {} : { initialHidden: h0 }) };
      const mine = gruSequence(gates, gru, options);
      const reference = composed(gates, gru, h0, c.repeat);
      const a = mine.dataSync();
      const b = reference.dataSync();
      b.forEach((v, i) => expect(Math.abs(a[i]! - v)).toBeLessThan(1e-6));

      // Input gradients (gates, initial state), against autodiff and finite differences.
      const loss =
        (fn: (g: Tensor2D, h: Tensor2D | undefined) => Tensor2D) =>
        (...xs: Tensor[]) =>
          tf.sum(tf.mul(fn(xs[0] as Tensor2D, xs[1] as Tensor2D | undefined), readout)) as Scalar;
      const mineLoss = loss((g, h) => gruSequence(g, gru, { steps: T, repeatInput: c.repeat, ...(h === undefined ? {} : { initialHidden: h }) }));
      const refLoss = loss((g, h) => composed(g, gru, h, c.repeat));
      const inputs = h0 === undefined ? [gates] : [gates, h0];
      const g1 = tf
        .grads(mineLoss)(inputs)
        .map((g) => Array.from(g.dataSync()));
      const g2 = tf
        .grads(refLoss)(inputs)
        .map((g) => Array.from(g.dataSync()));
      g1.forEach((g, k) => g.forEach((v, j) => expect(Math.abs(v - g2[k]![j]!)).toBeLessThan(1e-5)));
      expect(gradientCheck(mineLoss, inputs, { epsilon: 1e-2, maxEntries: 40 }).maxError).toBeLessThan(2e-3);

      // Weight gradients (W_hh, b_hh; W_ih and b_ih only enter through the gates).
      const vars = [gru.weightHh, gru.biasHh];
      const weightLoss = (fn: typeof mineLoss) => () => fn(...inputs);
      const v1 = tf.variableGrads(weightLoss(mineLoss), vars);
      const v2 = tf.variableGrads(weightLoss(refLoss), vars);
      for (const v of vars) {
        const x = v1.grads[v.name]!.dataSync();
        const y = v2.grads[v.name]!.dataSync();
        y.forEach((e, j) => expect(Math.abs(x[j]! - e)).toBeLessThan(1e-5));
      }
      expect(variableGradientCheck(weightLoss(mineLoss), vars, { epsilon: 1e-2, maxEntries: 40 }).maxError).toBeLessThan(2e-3);
      tf.dispose([gates, readout, mine, reference, v1.value, v2.value, ...Object.values(v1.grads), ...Object.values(v2.grads)]);
      if (h0 !== undefined) h0.dispose();
      gru.dispose();
    });
  }

  it('inputRows: reading rows of a gate table equals gathering them first, values and gradients', () => {
    const gru = cell(5);
    const table = tf.tensor2d(init.uniform(3 * 3 * H, 1.5), [3, 3 * H]);
    const rows = Int32Array.from({ length: T * R }, (_, j) => (j * 7) % 3);
    const h0 = tf.tensor2d(init.uniform(R * H, 1), [R, H]);
    const readout = tf.tensor2d(init.uniform(T * R * H, 1), [T * R, H]);
    const mine = (g: Tensor, h: Tensor) => tf.sum(tf.mul(gruSequence(g as Tensor2D, gru, { steps: T, initialHidden: h as Tensor2D, inputRows: rows }), readout)) as Scalar;
    const gathered = (g: Tensor, h: Tensor) => tf.sum(tf.mul(composed(tf.gather(g, tf.tensor1d(rows, 'int32')) as Tensor2D, gru, h as Tensor2D, false), readout)) as Scalar;
    expect(mine(table, h0).dataSync()[0]).toBeCloseTo(gathered(table, h0).dataSync()[0]!, 4);
    const g1 = tf
      .grads(mine)([table, h0])
      .map((g) => Array.from(g.dataSync()));
    const g2 = tf
      .grads(gathered)([table, h0])
      .map((g) => Array.from(g.dataSync()));
    g1.forEach((g, k) => g.forEach((v, j) => expect(Math.abs(v - g2[k]![j]!)).toBeLessThan(1e-5)));
    expect(() => gruSequence(table, gru, { steps: T, inputRows: Int32Array.from(rows, (r) => r + 1) })).toThrow(/inputRows\[\d+\] = 3 is not a row of the 3 input gates/);
    tf.dispose([table, h0, readout]);
    gru.dispose();
  });

  it('rejects inputs that do not fit', () => {
    const gru = cell(4);
    const gates = tf.zeros([6, 3 * H]) as Tensor2D;
    expect(() => gruSequence(gates, gru, { steps: 4 })).toThrow('@opnas/sequence-vae: inputGates has 6 rows, not a multiple of 4 steps');
    expect(() => gruSequence(tf.zeros([6, 2]) as Tensor2D, gru, { steps: 3 })).toThrow('inputGates must have 3H = 15 columns, got 2');
    expect(() => gruSequence(gates, gru, { steps: 3, initialHidden: tf.zeros([3, H]) as Tensor2D })).toThrow('initialHidden must be 2 × 5, got [3, 5]');
    expect(() => gruSequence(gates, gru, { steps: 0 })).toThrow('steps must be a positive integer, got 0');
    tf.dispose(gates);
    gru.dispose();
  });
});

describe('GruLayer', () => {
  it("uses nn.GRU's names and layouts, _reverse for the backward direction", () => {
    const forward = new GruLayer(15, 4);
    const backward = new GruLayer(15, 4, { reverse: true });
    expect(forward.referenceParameters('grue').map((p) => [p.name, p.shape])).toEqual([
      ['grue.weight_ih_l0', [12, 15]],
      ['grue.weight_hh_l0', [12, 4]],
      ['grue.bias_ih_l0', [12]],
      ['grue.bias_hh_l0', [12]],
    ]);
    expect(backward.referenceParameters('grue').map((p) => p.name)).toEqual([
      'grue.weight_ih_l0_reverse',
      'grue.weight_hh_l0_reverse',
      'grue.bias_ih_l0_reverse',
      'grue.bias_hh_l0_reverse',
    ]);
    // weight_ih_l0 row j = gate output j: reference layout is the transpose of the held x·W layout.
    const p = forward.referenceParameters('grue')[0]!;
    const values = Float32Array.from({ length: 12 * 15 }, (_, i) => i);
    p.write(values);
    expect((forward.cell.weightIh.arraySync() as number[][])[2]![7]).toBe(7 * 15 + 2);
    forward.dispose();
    backward.dispose();
  });
});
