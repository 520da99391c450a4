import { SeededInitialiser, initRuntime, initialiseParameters, tf, variableGradientCheck } from '@opnas/runtime';
import type { Scalar, Tensor2D, Variable } from '@opnas/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatedMessage } from './gated-message.js';
import { gatedRecurrence } from './gated-recurrence.js';
import type { RecurrenceStep } from './gated-recurrence.js';
import { GruCell } from './gru-cell.js';

const HS = 5;
let gru: GruCell;
let gated: GatedMessage;
let inputGates: Variable;
let initialHidden: Variable;
let readout: Tensor2D;

/**
 * Steps that exercise every case: an initial hidden input, rows without hidden input (null
 * select and all-zero select rows), fewer senders than rows, a step that sends nothing in the
 * middle, messages that nobody receives, and one message received by several later rows.
 */
const coin = new SeededInitialiser(4);
const layout = [
  { rows: 3, senders: 3, index: 0, select: false },
  { rows: 4, senders: 2, index: 1, select: true },
  { rows: 2, senders: 0, index: 0, select: true },
  { rows: 3, senders: 3, index: 5, select: false },
  { rows: 5, senders: 1, index: 2, select: true },
  { rows: 2, senders: 0, index: 0, select: true },
];
const steps: RecurrenceStep[] = [];
{
  let sent = 0;
  for (const l of layout) {
    let select: Float32Array | null = null;
    if (l.select) {
      // Each entry is 1 with probability 0.4 (a uniform draw on (−1, 1) below −0.2).
      select = coin.uniform(l.rows * sent, 1).map((x) => (x < -0.2 ? 1 : 0));
      // An all-zero row: that cell gets no hidden input.
      for (let j = 0; j < sent; j++) select[j] = 0;
    }
    steps.push({ rows: l.rows, select, senders: l.senders, senderIndex: l.index });
    sent += l.senders;
  }
}
const totalRows = steps.reduce((s, st) => s + st.rows, 0);

/** The same computation composed from GruCell.step and GatedMessage.messages (plain autodiff). */
function composed(): Tensor2D {
  const gates = tf.split(
    inputGates,
    steps.map((s) => s.rows),
    0,
  ) as Tensor2D[];
  const messages: Tensor2D[] = [];
  const states: Tensor2D[] = [];
  steps.forEach((step, s) => {
    let hidden: Tensor2D | null = null;
    if (s === 0) hidden = initialHidden as Tensor2D;
    else if (step.select !== null)
      hidden = tf.matMul(tf.tensor2d(step.select, [step.rows, messages.length === 0 ? 0 : tf.concat(messages, 0).shape[0]]), tf.concat(messages, 0)) as Tensor2D;
    const h = gru.step(gates[s]!, hidden);
    states.push(h);
    if (step.senders > 0) messages.push(gated.messages(tf.slice(h, [0, 0], [step.senders, HS]) as Tensor2D, step.senderIndex));
  });
  return tf.concat(states, 0) as Tensor2D;
}

function fast(): Tensor2D {
  return gatedRecurrence(steps, { inputGates: inputGates as Tensor2D, initialHidden: initialHidden as Tensor2D, gru, gated });
}

const loss = (f: () => Tensor2D) => () => tf.tidy(() => tf.sum(tf.mul(tf.tanh(f()), readout)) as Scalar);

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
  gru = new GruCell(3, HS);
  gated = new GatedMessage(HS, 8);
  const init = new SeededInitialiser(2);
  initialiseParameters([...gru.referenceParameters('g'), ...gated.referenceParameters('gate', 'mapper')], init);
  inputGates = tf.variable(tf.tensor2d(init.normal(totalRows * 3 * HS), [totalRows, 3 * HS]));
  initialHidden = tf.variable(tf.tensor2d(init.normal(3 * HS, 0, 0.5), [3, HS]));
  readout = tf.tensor2d(init.normal(totalRows * HS), [totalRows, HS]);
});

afterAll(() => {
  gru.dispose();
  gated.dispose();
  tf.dispose([inputGates, initialHidden, readout]);
});

describe('gatedRecurrence', () => {
  it('computes the same states as composing GruCell.step and GatedMessage.messages', () => {
    const [a, b] = tf.tidy(() => [fast().arraySync(), composed().arraySync()]);
    expect(a.length).toBe(totalRows);
    a.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(b[i]![j]!, 6)));
  });

  it('has the same gradients as autodiff of the composed version, for every input', () => {
    const variables = [inputGates, initialHidden, gru.weightHh, gru.biasHh, gated.hiddenWeight, gated.indexWeight, gated.gateBias];
    const grads = (f: () => Tensor2D) =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(loss(f), variables);
        value.dispose();
        return variables.map((v) => Array.from(grads[v.name]!.dataSync()));
      });
    const ours = grads(fast);
    const reference = grads(composed);
    ours.forEach((g, k) => {
      const scale = Math.max(1e-3, ...reference[k]!.map(Math.abs));
      g.forEach((v, i) => expect(Math.abs(v - reference[k]![i]!) / scale).toBeLessThan(1e-5));
    });
    // The W_ih side is outside the recurrence: its gradient arrives through inputGates.
    expect(reference[4]!.some((v) => v !== 0)).toBe(true);
  });

  it('its hand-written gradient matches finite differences', () => {
    const variables = [inputGates, initialHidden, gru.weightHh, gru.biasHh, gated.hiddenWeight, gated.indexWeight, gated.gateBias];
    const check = variableGradientCheck(loss(fast), variables, { maxEntries: 12 });
    expect(check.entries.length).toBeGreaterThan(60);
    expect(check.maxError).toBeLessThan(5e-3);
  });

  it('checks its inputs', () => {
    expect(() => gatedRecurrence([{ rows: 2, select: new Float32Array(0), senders: 2, senderIndex: 0 }], { inputGates: inputGates as Tensor2D, gru, gated })).toThrow(
      /inputGates must be 2 × 15/,
    );
    const twoRows = tf.zeros([2, 15]) as Tensor2D;
    expect(() => gatedRecurrence([{ rows: 2, select: new Float32Array(2), senders: 2, senderIndex: 0 }], { inputGates: twoRows, gru, gated })).toThrow(
      /step 0 selects messages, but no earlier step sends any/,
    );
    expect(() => gatedRecurrence([{ rows: 2, select: null, senders: 2, senderIndex: 9 }], { inputGates: twoRows, gru, gated })).toThrow(/sender index must be in 0..7, got 9/);
    twoRows.dispose();
  });
});
