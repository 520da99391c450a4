import { nonNegativeInteger } from '@opnas/errors';
import { TrainError, invalidArgument } from './errors.js';

/** Settings of {@link ReduceLrOnPlateau}; defaults are PyTorch's with the paper's factor and patience (protocol §4.1). */
export interface PlateauOptions {
  /** `'min'`: a lower metric is better (the paper: the epoch's summed loss). Default `'min'`. */
  readonly mode?: 'min' | 'max';
  /** Multiplier of the learning rate on a plateau. Default 0.1. */
  readonly factor?: number;
  /** Epochs without improvement tolerated before reducing. Default 10. */
  readonly patience?: number;
  /** Improvement needed to count, relative (`'rel'`) or absolute (`'abs'`). Default 1e-4. */
  readonly threshold?: number;
  /** Default `'rel'`. */
  readonly thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting again. Default 0. */
  readonly cooldown?: number;
  /** Lower bound of the learning rate. Default 0. */
  readonly minLr?: number;
  /** A reduction smaller than this is skipped. Default 1e-8. */
  readonly eps?: number;
}

/** The scheduler's state, JSON-serialisable, for checkpoints. */
export interface PlateauState {
  readonly learningRate: number;
  /** Best metric so far; `null` before the first step (PyTorch's ±inf). */
  readonly best: number | null;
  readonly numBadEpochs: number;
  readonly cooldownCounter: number;
  readonly lastEpoch: number;
}

/**
 * PyTorch's `ReduceLROnPlateau`, step for step: after each epoch, `step(metric)` compares the
 * metric with the best so far (`metric < best·(1 − threshold)` in the default `min`/`rel` mode),
 * counts bad epochs, and when more than `patience` accumulate multiplies the learning rate by
 * `factor` (not below `minLr`, and only if the change exceeds `eps`), then waits `cooldown` epochs.
 * The paper steps it once per epoch on the summed epoch loss (protocol §4.1).
 */
export class ReduceLrOnPlateau {
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLr: number;
  readonly eps: number;
  private state: PlateauState;

  constructor(learningRate: number, options: PlateauOptions = {}) {
    this.mode = options.mode ?? 'min';
    this.factor = options.factor ?? 0.1;
    this.patience = options.patience ?? 10;
    this.threshold = options.threshold ?? 1e-4;
    this.thresholdMode = options.thresholdMode ?? 'rel';
    this.cooldown = options.cooldown ?? 0;
    this.minLr = options.minLr ?? 0;
    this.eps = options.eps ?? 1e-8;
    if (this.mode !== 'min' && this.mode !== 'max') throw new TrainError(`@opnas/train: plateau mode must be 'min' or 'max', got '${String(this.mode)}'`);
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs')
      throw new TrainError(`@opnas/train: thresholdMode must be 'rel' or 'abs', got '${String(this.thresholdMode)}'`);
    // PyTorch refuses factor ≥ 1.
    if (!(this.factor > 0 && this.factor < 1)) throw new TrainError(`@opnas/train: plateau factor must be in (0, 1), got ${this.factor}`);
    for (const [name, value] of [
      ['patience', this.patience],
      ['cooldown', this.cooldown],
    ] as const) {
      nonNegativeInteger(value, `plateau ${name}`, invalidArgument);
    }
    for (const [name, value] of [
      ['threshold', this.threshold],
      ['minLr', this.minLr],
      ['eps', this.eps],
    ] as const) {
      if (!(value >= 0) || !Number.isFinite(value)) throw new TrainError(`@opnas/train: plateau ${name} must be a non-negative number, got ${value}`);
    }
    if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new TrainError(`@opnas/train: learningRate must be a positive number, got ${learningRate}`);
    this.state = { learningRate, best: null, numBadEpochs: 0, cooldownCounter: 0, lastEpoch: 0 };
  }

  /** The learning rate for the next epoch. */
  get learningRate(): number {
    return this.state.learningRate;
  }

  private isBetter(metric: number, best: number | null): boolean {
    if (best === null) return true; // best starts at +inf (min) or −inf (max)
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? metric < best * (1 - this.threshold) : metric < best - this.threshold;
    return this.thresholdMode === 'rel' ? metric > best * (this.threshold + 1) : metric > best + this.threshold;
  }

  /** Records one epoch's metric; returns the learning rate for the next epoch. */
  step(metric: number): number {
    if (Number.isNaN(metric)) throw new TrainError('@opnas/train: ReduceLrOnPlateau.step got NaN');
    let { learningRate, best, numBadEpochs, cooldownCounter } = this.state;
    if (this.isBetter(metric, best)) {
      best = metric;
      numBadEpochs = 0;
    } else {
      numBadEpochs += 1;
    }
    if (cooldownCounter > 0) {
      cooldownCounter -= 1;
      numBadEpochs = 0; // bad epochs in cooldown are ignored
    }
    if (numBadEpochs > this.patience) {
      const reduced = Math.max(learningRate * this.factor, this.minLr);
      if (learningRate - reduced > this.eps) learningRate = reduced;
      cooldownCounter = this.cooldown;
      numBadEpochs = 0;
    }
    this.state = { learningRate, best, numBadEpochs, cooldownCounter, lastEpoch: this.state.lastEpoch + 1 };
    return learningRate;
  }

  getState(): PlateauState {
    return { ...this.state };
  }

  setState(state: PlateauState): void {
    const ok =
      typeof state === 'object' &&
      state !== null &&
      state.learningRate > 0 &&
      (state.best === null || typeof state.best === 'number') &&
      Number.isInteger(state.numBadEpochs) &&
      Number.isInteger(state.cooldownCounter) &&
      Number.isInteger(state.lastEpoch);
    if (!ok) throw new TrainError(`@opnas/train: not a ReduceLrOnPlateau state: ${JSON.stringify(state)}`);
    this.state = { ...state };
  }
}
