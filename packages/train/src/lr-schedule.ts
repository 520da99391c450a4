import { TrainError } from './errors.js';

/**
 * A learning-rate schedule that depends only on the position in training (not on the loss), so
 * a resumed run recomputes it exactly: an optional linear warm-up, then a decay to a fraction of
 * the peak by the last step. It replaces the paper's ReduceLROnPlateau when given.
 */
export interface LrScheduleOptions {
  /** Epochs of linear warm-up from `peak / warmupSteps` to the peak. Fractions allowed. Default 0. */
  readonly warmupEpochs?: number;
  /** After the warm-up: `'cosine'` or `'linear'` down to `finalFraction · peak`, or `'constant'`. Default `'cosine'`. */
  readonly decay?: 'cosine' | 'linear' | 'constant';
  /** The learning rate at the last step as a fraction of the peak. Default 0.01. */
  readonly finalFraction?: number;
}

/** {@link LrScheduleOptions} with every default filled in. */
export type LrScheduleSettings = Required<LrScheduleOptions>;

/** Fills in defaults and checks ranges. */
export function resolveLrSchedule(options: LrScheduleOptions): LrScheduleSettings {
  const s: LrScheduleSettings = {
    warmupEpochs: options.warmupEpochs ?? 0,
    decay: options.decay ?? 'cosine',
    finalFraction: options.finalFraction ?? 0.01,
  };
  if (!(s.warmupEpochs >= 0) || !Number.isFinite(s.warmupEpochs)) throw new TrainError(`@opnas/train: schedule.warmupEpochs must be a non-negative number, got ${s.warmupEpochs}`);
  if (s.decay !== 'cosine' && s.decay !== 'linear' && s.decay !== 'constant')
    throw new TrainError(`@opnas/train: schedule.decay must be 'cosine', 'linear' or 'constant', got '${String(s.decay)}'`);
  if (!(s.finalFraction >= 0 && s.finalFraction <= 1)) throw new TrainError(`@opnas/train: schedule.finalFraction must be in [0, 1], got ${s.finalFraction}`);
  return s;
}

/**
 * The learning rate of Adam step `step` (0-based, counted from the start of an iteration) out of
 * `totalSteps`, with `stepsPerEpoch` batches per epoch and peak `peak`.
 *
 * Warm-up step `s < W` (with `W = round(warmupEpochs · stepsPerEpoch)`) uses `peak · (s + 1) / W`;
 * afterwards, at progress `p = (s − W) / max(1, totalSteps − W − 1)` ∈ [0, 1], cosine decay gives
 * `f + (1 − f) · (1 + cos πp) / 2` times the peak and linear decay `1 − (1 − f) · p`, where `f` is
 * `finalFraction`; the first step after the warm-up runs at the peak and the last at `f · peak`.
 */
export function scheduledLearningRate(schedule: LrScheduleSettings, peak: number, step: number, stepsPerEpoch: number, totalSteps: number): number {
  const warmup = Math.round(schedule.warmupEpochs * stepsPerEpoch);
  if (step < warmup) return (peak * (step + 1)) / warmup;
  if (schedule.decay === 'constant') return peak;
  const p = Math.min(1, (step - warmup) / Math.max(1, totalSteps - warmup - 1));
  const f = schedule.finalFraction;
  const factor = schedule.decay === 'cosine' ? f + ((1 - f) * (1 + Math.cos(Math.PI * p))) / 2 : 1 - (1 - f) * p;
  return peak * factor;
}
