import { tf } from '@opnas/runtime';
import type { Tensor, Tensor2D } from '@opnas/runtime';
import { EncoderError } from './errors.js';
import type { GatedMessage } from './gated-message.js';
import type { GruCell } from './gru-cell.js';

/** One step of a {@link gatedRecurrence}. */
export interface RecurrenceStep {
  /** Number of cells (rows) updated in this step. */
  readonly rows: number;
  /**
   * Which earlier messages each row sums as its hidden input: a 0/1 `rows × M` matrix (row-major)
   * over the `M` messages sent by earlier steps, stacked in step order. `null`: no hidden input
   * (all zeros), or the `initialHidden` for step 0.
   */
  readonly select: Float32Array | null;
  /** The first `senders` rows send a message once updated (0: none). */
  readonly senders: number;
  /** The vertex index those senders carry in their one-hot (protocol §2.3). */
  readonly senderIndex: number;
}

/** Inputs of {@link gatedRecurrence}. */
export interface RecurrenceInputs {
  /** Input gates `x·W_ih + b_ih` of every row of every step, stacked in step order (`ΣR × 3H`). */
  readonly inputGates: Tensor2D;
  /** Hidden input of the rows of step 0 (`R₀ × H`), e.g. the decoder's `tanh(fc3 z)`. */
  readonly initialHidden?: Tensor2D;
  readonly gru: GruCell;
  readonly gated: GatedMessage;
}

/**
 * A GRU recurrence whose hidden inputs are gated sums of messages sent by earlier steps: the
 * computation both D-VAE encoder passes and the teacher-forced decoder share (protocol §2.3, §3.1).
 * Returns the states of all rows of all steps, stacked in step order (`ΣR × H`).
 *
 * The values equal composing `GruCell.step` and `GatedMessage.messages` step by step; the
 * gradient is written by hand (backpropagation through the steps) so that the weight gradients
 * of all steps come from one product each (`Σ_s X_sᵀ dY_s` as `[X_0;…]ᵀ[dY_0;…]`) instead of one
 * small product and one full-size sum per step. The tests check it against autodiff of the
 * composed version and against finite differences.
 */
export function gatedRecurrence(steps: readonly RecurrenceStep[], inputs: RecurrenceInputs): Tensor2D {
  const { gru, gated } = inputs;
  const hs = gru.hiddenSize;
  if (gated.hiddenSize !== hs) throw new EncoderError(`@opnas/encoders: the GRU has hidden size ${hs} but the gated message ${gated.hiddenSize}`);
  const totalRows = steps.reduce((s, step) => s + step.rows, 0);
  if (inputs.inputGates.shape[0] !== totalRows || inputs.inputGates.shape[1] !== 3 * hs) {
    throw new EncoderError(`@opnas/encoders: inputGates must be ${totalRows} × ${3 * hs}, got [${inputs.inputGates.shape.join(', ')}]`);
  }
  let sent = 0;
  steps.forEach((step, s) => {
    if (step.senders > step.rows) throw new EncoderError(`@opnas/encoders: step ${s} has ${step.senders} senders but ${step.rows} rows`);
    if (step.select !== null && sent === 0) throw new EncoderError(`@opnas/encoders: step ${s} selects messages, but no earlier step sends any`);
    if (step.select !== null && step.select.length !== step.rows * sent) {
      throw new EncoderError(`@opnas/encoders: step ${s} selects over ${sent} earlier messages, so select needs ${step.rows * sent} entries, got ${step.select.length}`);
    }
    if (step.senders > 0 && (step.senderIndex < 0 || step.senderIndex >= gated.maxVertices)) {
      throw new EncoderError(`@opnas/encoders: step ${s} sender index must be in 0..${gated.maxVertices - 1}, got ${step.senderIndex}`);
    }
    sent += step.senders;
  });
  const initial = inputs.initialHidden;
  if (initial !== undefined && (initial.shape[0] !== steps[0]?.rows || initial.shape[1] !== hs)) {
    throw new EncoderError(`@opnas/encoders: initialHidden must be ${steps[0]?.rows} × ${hs}, got [${initial.shape.join(', ')}]`);
  }
  const senderSteps = steps.map((step, s) => (step.senders > 0 ? s : -1)).filter((s) => s >= 0);
  // Per-step message bias: the sender's one-hot row of the index weights plus the gate bias.
  const messageBias = tf.tidy(() =>
    senderSteps.length === 0
      ? tf.zeros([1, 2 * hs])
      : tf.add(
          tf.gather(
            gated.indexWeight,
            tf.tensor1d(
              senderSteps.map((s) => steps[s]!.senderIndex),
              'int32',
            ),
          ),
          tf.concat([gated.gateBias, tf.zeros([hs])]),
        ),
  ) as Tensor2D;

  const run = tf.customGrad(((...args: unknown[]) => {
    const save = args[args.length - 1] as (tensors: Tensor[]) => void;
    const tensors = args.slice(0, -1) as Tensor[];
    const [inputGates, weightHh, biasHh, hiddenWeight, bias] = tensors as [Tensor2D, Tensor2D, Tensor, Tensor2D, Tensor2D];
    const initialHidden = tensors[5] as Tensor2D | undefined;
    const gates = tf.split(
      inputGates,
      steps.map((s) => s.rows),
      0,
    ) as Tensor2D[];
    const biasRows = tf.split(bias, bias.shape[0], 0) as Tensor2D[];
    const messages: Tensor2D[] = [];
    const states: Tensor2D[] = [];
    // Saved per step: hidden input (or null), r, u, n, W_hn h + b_hn, and for senders the mapped
    // part and the gate.
    const savedHidden: (Tensor2D | null)[] = [];
    const savedR: Tensor2D[] = [];
    const savedU: Tensor2D[] = [];
    const savedN: Tensor2D[] = [];
    const savedGhN: Tensor2D[] = [];
    const savedMapped: (Tensor2D | null)[] = [];
    const savedGate: (Tensor2D | null)[] = [];
    let senderOrdinal = 0;
    steps.forEach((step, s) => {
      let hidden: Tensor2D | null = null;
      if (s === 0 && initialHidden !== undefined) hidden = initialHidden;
      else if (step.select !== null) {
        const stack = messages.length === 1 ? messages[0]! : tf.concat(messages, 0);
        hidden = tf.matMul(tf.tensor2d(step.select, [step.rows, stack.shape[0]]), stack) as Tensor2D;
      }
      const gh = hidden === null ? tf.reshape(biasHh, [1, 3 * hs]) : tf.add(tf.matMul(hidden, weightHh), biasHh);
      const [giRu, giN] = tf.split(gates[s]!, [2 * hs, hs], 1) as [Tensor2D, Tensor2D];
      const [ghRu, ghN] = tf.split(gh, [2 * hs, hs], 1) as [Tensor2D, Tensor2D];
      const [r, u] = tf.split(tf.sigmoid(tf.add(giRu, ghRu)), 2, 1) as [Tensor2D, Tensor2D];
      const n = tf.tanh(tf.add(giN, tf.mul(r, ghN))) as Tensor2D;
      const h = (hidden === null ? tf.sub(n, tf.mul(u, n)) : tf.add(n, tf.mul(u, tf.sub(hidden, n)))) as Tensor2D;
      states.push(h);
      savedHidden.push(hidden);
      savedR.push(r);
      savedU.push(u);
      savedN.push(n);
      savedGhN.push(ghN);
      if (step.senders > 0) {
        const senders = step.senders === step.rows ? h : (tf.slice(h, [0, 0], [step.senders, hs]) as Tensor2D);
        const z = tf.add(tf.matMul(senders, hiddenWeight), biasRows[senderOrdinal++]!);
        const [zGate, mapped] = tf.split(z, 2, 1) as [Tensor2D, Tensor2D];
        const gate = tf.sigmoid(zGate) as Tensor2D;
        messages.push(tf.mul(gate, mapped) as Tensor2D);
        savedMapped.push(mapped);
        savedGate.push(gate);
      } else {
        savedMapped.push(null);
        savedGate.push(null);
      }
    });
    const value = (states.length === 1 ? states[0]! : tf.concat(states, 0)) as Tensor2D;
    // customGrad keeps what is saved until the backward pass; nulls are not tensors, so the
    // layout is rebuilt from the step list there.
    save([
      weightHh,
      hiddenWeight,
      ...states,
      ...savedHidden.filter((t): t is Tensor2D => t !== null),
      ...savedR,
      ...savedU,
      ...savedN,
      ...savedGhN,
      ...savedMapped.filter((t): t is Tensor2D => t !== null),
      ...savedGate.filter((t): t is Tensor2D => t !== null),
    ]);
    const hasHidden = savedHidden.map((t) => t !== null);

    const gradFunc = (dy: Tensor, saved: Tensor[]): Tensor[] => {
      let k = 0;
      const take = (): Tensor2D => saved[k++] as Tensor2D;
      const wHh = take();
      const wh = take();
      const hStates = steps.map(() => take());
      const hHidden = hasHidden.map((has) => (has ? take() : null));
      const rs = steps.map(() => take());
      const us = steps.map(() => take());
      const ns = steps.map(() => take());
      const ghNs = steps.map(() => take());
      const senderList = steps.map((step) => step.senders > 0);
      const mappedList = senderList.map((has) => (has ? take() : null));
      const gateList = senderList.map((has) => (has ? take() : null));

      // Transposed once: every step multiplies by them, and XNNPACK packs a right operand once.
      const wHhT = tf.transpose(wHh) as Tensor2D;
      const whT = tf.transpose(wh) as Tensor2D;
      const dStates = tf.split(
        dy as Tensor2D,
        steps.map((s) => s.rows),
        0,
      ) as Tensor2D[];
      // Gradient reaching each step's messages from later receivers.
      const dMessages: (Tensor2D | null)[] = steps.map(() => null);
      const messageOffsets: number[] = [];
      let offset = 0;
      for (const step of steps) {
        messageOffsets.push(offset);
        offset += step.senders;
      }
      const dGates: Tensor2D[] = new Array<Tensor2D>(steps.length);
      const dBiasRows: Tensor2D[] = [];
      const hiddenRows: Tensor2D[] = [];
      const dGhRows: Tensor2D[] = [];
      const senderRows: Tensor2D[] = [];
      const dZRows: Tensor2D[] = [];
      const dGhSums: Tensor[] = [];
      let dInitial: Tensor2D | null = null;
      for (let s = steps.length - 1; s >= 0; s--) {
        const step = steps[s]!;
        let dh = dStates[s]!;
        const dMessage = dMessages[s];
        if (step.senders > 0 && dMessage !== null && dMessage !== undefined) {
          const gate = gateList[s]!;
          const mapped = mappedList[s]!;
          // msg = σ(z_g) ⊙ z_m
          const dzGate = tf.mul(tf.mul(dMessage, mapped), tf.mul(gate, tf.sub(1, gate)));
          const dzMapped = tf.mul(dMessage, gate);
          const dz = tf.concat([dzGate, dzMapped], 1) as Tensor2D;
          const dSenders = tf.matMul(dz, whT) as Tensor2D;
          dh = (
            step.senders === step.rows
              ? tf.add(dh, dSenders)
              : tf.add(
                  dh,
                  tf.pad(dSenders, [
                    [0, step.rows - step.senders],
                    [0, 0],
                  ]),
                )
          ) as Tensor2D;
          senderRows.push(step.senders === step.rows ? hStates[s]! : (tf.slice(hStates[s]!, [0, 0], [step.senders, hs]) as Tensor2D));
          dZRows.push(dz);
          dBiasRows[s] = tf.sum(dz, 0, true) as Tensor2D;
        } else if (step.senders > 0) {
          dBiasRows[s] = tf.zeros([1, 2 * hs]) as Tensor2D;
        }
        const r = rs[s]!;
        const u = us[s]!;
        const n = ns[s]!;
        const hidden = hHidden[s] ?? null;
        // h = n + u ⊙ (hidden − n)
        const dn = tf.mul(dh, tf.sub(1, u));
        const du = hidden === null ? tf.neg(tf.mul(dh, n)) : tf.mul(dh, tf.sub(hidden, n));
        // n = tanh(gi_n + r ⊙ gh_n)
        const daN = tf.mul(dn, tf.sub(1, tf.square(n)));
        const dr = tf.mul(daN, ghNs[s]!);
        const dGhN = tf.mul(daN, r);
        const daR = tf.mul(dr, tf.mul(r, tf.sub(1, r)));
        const daU = tf.mul(du, tf.mul(u, tf.sub(1, u)));
        dGates[s] = tf.concat([daR, daU, daN], 1) as Tensor2D;
        const dGh = tf.concat([daR, daU, dGhN], 1) as Tensor2D;
        dGhSums.push(tf.sum(dGh, 0));
        if (hidden !== null) {
          hiddenRows.push(hidden);
          dGhRows.push(dGh);
          const dHidden = tf.add(tf.mul(dh, u), tf.matMul(dGh, wHhT)) as Tensor2D;
          if (s === 0 && initialHidden !== undefined) {
            dInitial = dHidden;
          } else {
            // hidden = select · stack(messages so far): route the gradient back to each sender.
            const count = messageOffsets[s]!;
            const dStack = tf.matMul(tf.tensor2d(step.select!, [step.rows, count]), dHidden, true, false) as Tensor2D;
            const senderSizes = steps.slice(0, s).map((st) => st.senders);
            const pieces = tf.split(
              dStack,
              senderSizes.filter((x) => x > 0),
              0,
            ) as Tensor2D[];
            let p = 0;
            for (let j = 0; j < s; j++) {
              if (steps[j]!.senders === 0) continue;
              const piece = pieces[p++]!;
              const prev = dMessages[j];
              dMessages[j] = prev === null || prev === undefined ? piece : (tf.add(prev, piece) as Tensor2D);
            }
          }
        }
      }
      // One product per weight for all steps together.
      const dWeightHh = hiddenRows.length === 0 ? tf.zerosLike(wHh) : tf.matMul(tf.concat(hiddenRows, 0), tf.concat(dGhRows, 0), true, false);
      const dBiasHh = tf.addN(dGhSums);
      const dHiddenWeight = senderRows.length === 0 ? tf.zerosLike(wh) : tf.matMul(tf.concat(senderRows, 0), tf.concat(dZRows, 0), true, false);
      const senderBiasRows = senderSteps.map((s) => dBiasRows[s]!);
      const dBias = senderBiasRows.length === 0 ? tf.zeros([1, 2 * hs]) : tf.concat(senderBiasRows, 0);
      const grads: Tensor[] = [tf.concat(dGates, 0), dWeightHh, dBiasHh, dHiddenWeight, dBias];
      if (initialHidden !== undefined) grads.push(dInitial ?? tf.zerosLike(initialHidden));
      return grads;
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);

  const args: Tensor[] = [inputs.inputGates, gru.weightHh, gru.biasHh, gated.hiddenWeight, messageBias];
  if (initial !== undefined) args.push(initial);
  return run(...args) as Tensor2D;
}
