import { describe, expect, it } from 'vitest';
import { ReduceLrOnPlateau } from './reduce-lr-on-plateau.js';

/**
 * Traces written by hand from PyTorch's `ReduceLROnPlateau.step` (torch/optim/lr_scheduler.py):
 * better ⇔ metric < best·(1 − threshold); otherwise num_bad_epochs += 1; in cooldown the counter
 * decrements and bad epochs reset; when num_bad_epochs > patience: lr ← max(lr·factor, min_lr)
 * if the change exceeds eps, cooldown_counter ← cooldown, num_bad_epochs ← 0.
 */
describe('ReduceLrOnPlateau (paper settings: min, factor 0.1, patience 10, rel threshold 1e-4)', () => {
  it('reduces after the 11th epoch without a relative improvement of 1e-4', () => {
    const s = new ReduceLrOnPlateau(1e-4);
    // Epoch 1 sets best = 100. 99.995 is not < 100·0.9999 = 99.99, so epochs 2..12 are bad:
    // after epoch 11 num_bad_epochs = 10 (not > 10), after epoch 12 it is 11 → lr 1e-5.
    const lrs = [s.step(100)];
    for (let e = 2; e <= 12; e++) lrs.push(s.step(99.995));
    expect(lrs.slice(0, 11)).toEqual(new Array(11).fill(1e-4));
    expect(lrs[11]).toBe(1e-4 * 0.1);
    expect(s.getState()).toMatchObject({ best: 100, numBadEpochs: 0, lastEpoch: 12 });
    // 99.98 < 99.99: an improvement, best moves, the counter resets.
    expect(s.step(99.98)).toBe(1e-4 * 0.1);
    expect(s.getState()).toMatchObject({ best: 99.98, numBadEpochs: 0 });
  });

  it('counts an improvement smaller than the threshold as a bad epoch and a larger one as good', () => {
    const s = new ReduceLrOnPlateau(1e-4, { patience: 1 });
    s.step(1000); // best 1000
    s.step(999.95); // 999.95 ≥ 999.9: bad (1)
    expect(s.getState().numBadEpochs).toBe(1);
    s.step(999.89); // < 999.9: good
    expect(s.getState()).toMatchObject({ best: 999.89, numBadEpochs: 0 });
    s.step(999.89); // bad 1
    expect(s.step(999.89)).toBe(1e-4 * 0.1); // bad 2 > 1: reduce
  });

  it('waits out the cooldown, ignoring bad epochs in it', () => {
    const s = new ReduceLrOnPlateau(1, { patience: 0, cooldown: 2, factor: 0.5 });
    expect(s.step(5)).toBe(1); // best
    expect(s.step(5)).toBe(0.5); // bad 1 > 0: reduce, cooldown 2
    expect(s.step(5)).toBe(0.5); // cooldown 2 → 1, bad reset
    expect(s.step(5)).toBe(0.5); // cooldown 1 → 0, bad reset
    expect(s.step(5)).toBe(0.25); // bad 1 > 0: reduce
  });

  it('stops at minLr and skips reductions smaller than eps', () => {
    const s = new ReduceLrOnPlateau(1e-3, { patience: 0, minLr: 4e-4, factor: 0.5 });
    s.step(1);
    expect(s.step(1)).toBe(5e-4);
    expect(s.step(1)).toBe(4e-4);
    expect(s.step(1)).toBe(4e-4);
    // 1e-8 − 1e-9 = 9e-9 is not > eps = 1e-8: PyTorch keeps the rate.
    const tiny = new ReduceLrOnPlateau(1e-8, { patience: 0, factor: 0.1 });
    tiny.step(1);
    expect(tiny.step(1)).toBe(1e-8);
    // 2e-8 − 2e-9 = 1.8e-8 > 1e-8: reduced.
    const small = new ReduceLrOnPlateau(2e-8, { patience: 0, factor: 0.1 });
    small.step(1);
    expect(small.step(1)).toBe(2e-8 * 0.1);
  });

  it('restores its state exactly', () => {
    const a = new ReduceLrOnPlateau(1e-4, { patience: 2 });
    [10, 9, 9.5, 9.4].forEach((m) => a.step(m));
    const b = new ReduceLrOnPlateau(1e-4, { patience: 2 });
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    expect(b.step(9.3)).toBe(a.step(9.3));
    expect(b.getState()).toEqual(a.getState());
  });

  it('refuses bad settings with messages naming them', () => {
    expect(() => new ReduceLrOnPlateau(1e-4, { factor: 1 })).toThrow(/plateau factor must be in \(0, 1\), got 1/);
    expect(() => new ReduceLrOnPlateau(1e-4, { patience: -1 })).toThrow(/plateau patience must be a non-negative integer/);
    expect(() => new ReduceLrOnPlateau(0)).toThrow(/learningRate must be a positive number/);
    expect(() => new ReduceLrOnPlateau(1e-4).step(Number.NaN)).toThrow(/NaN/);
  });
});
