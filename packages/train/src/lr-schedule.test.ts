import { describe, expect, it } from 'vitest';
import { TrainError } from './errors.js';
import { resolveLrSchedule, scheduledLearningRate } from './lr-schedule.js';

describe('scheduledLearningRate', () => {
  // 10 batches per epoch, 5 epochs: 50 steps, of which 20 are warm-up.
  const cosine = resolveLrSchedule({ warmupEpochs: 2, decay: 'cosine', finalFraction: 0.1 });
  const lr = (step: number) => scheduledLearningRate(cosine, 1e-3, step, 10, 50);

  it('warms up linearly to the peak', () => {
    expect(lr(0)).toBeCloseTo(1e-3 / 20, 15);
    expect(lr(9)).toBeCloseTo(1e-3 / 2, 15);
    expect(lr(19)).toBeCloseTo(1e-3, 15);
  });

  it('decays along a cosine from the peak to the final fraction', () => {
    expect(lr(20)).toBeCloseTo(1e-3, 15);
    // Half-way through the 30 decay steps (progress 14.5 / 29 = 0.5): the mean of peak and floor.
    expect(scheduledLearningRate(cosine, 1e-3, 20 + 14.5, 10, 50)).toBeCloseTo(0.55e-3, 15);
    expect(lr(49)).toBeCloseTo(1e-4, 15);
    for (let s = 21; s < 50; s++) expect(lr(s)).toBeLessThan(lr(s - 1));
  });

  it('decays linearly and holds constant when asked', () => {
    const linear = resolveLrSchedule({ decay: 'linear', finalFraction: 0 });
    expect(scheduledLearningRate(linear, 2, 0, 4, 5)).toBe(2);
    expect(scheduledLearningRate(linear, 2, 2, 4, 5)).toBe(1);
    expect(scheduledLearningRate(linear, 2, 4, 4, 5)).toBe(0);
    const constant = resolveLrSchedule({ warmupEpochs: 0.5, decay: 'constant' });
    expect(scheduledLearningRate(constant, 2, 0, 4, 100)).toBe(1);
    expect(scheduledLearningRate(constant, 2, 1, 4, 100)).toBe(2);
    expect(scheduledLearningRate(constant, 2, 99, 4, 100)).toBe(2);
  });

  it('rejects settings out of range, naming the field', () => {
    expect(() => resolveLrSchedule({ warmupEpochs: -1 })).toThrow(/warmupEpochs/);
    expect(() => resolveLrSchedule({ finalFraction: 2 })).toThrow(TrainError);
    expect(() => resolveLrSchedule({ decay: 'step' as never })).toThrow(/decay/);
  });
});
