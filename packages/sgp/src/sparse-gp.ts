import { nonNegativeInteger, positiveInteger } from '@opnas/errors';
import { availableParallelism } from 'node:os';
import { PythonRandom, type PythonRandomState } from '@opnas/rng';
import { Adam, type AdamState } from './adam.js';
import { sgpEnergy } from './energy.js';
import { SgpArgumentError, invalidArgument } from './errors.js';
import { type SgpInitialisationOptions, initialiseSgp } from './initialisation.js';
import type { Predictor } from './predictor.js';
import { type RowMajorMatrix, checkedMatrix, checkedVector } from './row-major-matrix.js';
import { type SgpPrediction, type SgpPredictionWithGradient, type SgpPredictiveState, predictSgp, predictSgpWithGradient, sgpPredictiveState } from './sgp-prediction.js';
import { SgpParameters } from './sgp-parameters.js';

/** Reported after every Adam step. */
export interface SgpProgress {
  /** Current epoch, 1-based. */
  readonly epoch: number;
  readonly epochs: number;
  /** Minibatch within the epoch, 1-based. */
  readonly batch: number;
  readonly batches: number;
  /** Adam steps taken so far in this fit (including resumed ones). */
  readonly step: number;
  readonly totalSteps: number;
  /** The energy E of this minibatch (protocol §6.5; higher is better). */
  readonly energy: number;
  /** Seconds since `fit` started (this run only). */
  readonly elapsedSeconds: number;
}

/** Everything needed to continue a fit exactly where it stopped (taken after whole epochs). */
export interface SgpCheckpoint {
  readonly version: 1;
  /** Epochs completed. */
  readonly epoch: number;
  readonly inducingCount: number;
  readonly dim: number;
  readonly trainingSize: number;
  /** Flat parameter vector (layout of `SgpParameters`). */
  readonly parameters: Float64Array;
  readonly adam: AdamState;
  readonly rng: PythonRandomState;
}

/** Options of `SparseGp`; defaults are the paper's settings (protocol §6.6). */
export interface SparseGpOptions extends SgpInitialisationOptions {
  /** Passes over the training set. Default 100. */
  readonly epochs?: number;
  /** Minibatch size (the reference uses 2M). Default 1000. */
  readonly minibatchSize?: number;
  /** Adam learning rate. Default 5e-4. */
  readonly learningRate?: number;
  /**
   * Seed of the fit's random stream (subset, inducing inputs, L, minibatch order); a CPython
   * MT19937 (`@opnas/rng`). Default 1, the first of the reference's seeds 1..10.
   */
  readonly seed?: number;
  /** Relative jitter on K. Default 1e-3 (protocol §6.4). */
  readonly jitter?: number;
  /** Threads for the matrix kernels (this one + helpers). Default: all cores, at most 2. */
  readonly threads?: number;
  /** Called after every Adam step. */
  readonly onProgress?: (progress: SgpProgress) => void;
  /** Called after every epoch with a checkpoint; awaited (write it atomically). */
  readonly onCheckpoint?: (checkpoint: SgpCheckpoint) => void | Promise<void>;
  /** Continue from this checkpoint instead of initialising (same data, same options). */
  readonly resumeFrom?: SgpCheckpoint;
  /**
   * Start Adam from these parameters (a flat vector in the layout of `SgpParameters`, e.g. a
   * previous fit's `parameters.values` on data that has since grown) instead of the reference
   * initialisation; a warm start. Adam's moments start at zero. Default: initialise (protocol §6.6).
   */
  readonly initialParameters?: Float64Array;
  /** Stops the fit between minibatches with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** What `fit` reports when it is done. */
export interface SgpFitSummary {
  readonly epochs: number;
  readonly steps: number;
  readonly seconds: number;
  /** Mean minibatch energy per data point over the last epoch. */
  readonly lastEpochEnergyPerPoint: number;
  /**
   * The fit's final energy: the energy E summed over the minibatches of the last epoch (one pass
   * over the N points; higher is better). `lastEpochEnergyPerPoint` is this divided by N.
   */
  readonly finalEnergy: number;
  /** Energy per data point of every epoch this call ran, in order (resumed epochs not included). */
  readonly energyPerPointByEpoch: readonly number[];
  /**
   * How much the per-point energy rose in the last epoch (last minus second-last); `null` when
   * this call ran a single epoch.
   */
  readonly lastEpochImprovement: number | null;
  /**
   * The recent trend: the per-point energy's mean rise per epoch over the last tenth of the
   * epochs this call ran (at least the last one), which smooths the minibatch noise of a single
   * epoch; `null` after a single epoch.
   */
  readonly recentImprovementPerEpoch: number | null;
  /**
   * The share of the fit's whole energy gain (last epoch minus first) that came in the last tenth
   * of its epochs: about 0.1 for a curve still climbing steadily, near 0 for one that levelled
   * off. Scale-free, unlike the energy itself. `null` after a single epoch.
   */
  readonly recentShareOfGain: number | null;
  /**
   * True when {@link recentShareOfGain} is above {@link STILL_IMPROVING_SHARE}, i.e. the fit had
   * not levelled off: more epochs or a larger learning rate would fit further (the paper's
   * 5e-4 × 100 epochs underfits most data other than the VAE latents; see the README). Also true
   * after a single epoch, where nothing shows a levelling off.
   */
  readonly stillImproving: boolean;
}

/**
 * The share of a fit's energy gain in its last tenth of epochs above which it counts as still
 * improving. Measured in the README's tuning example (`benchmarks/sgp-tuning.bench.ts`): the
 * underfit defaults gained 10–21 % of their total in the last tenth, the fits that reached the
 * noise floor 2–5 %.
 */
export const STILL_IMPROVING_SHARE = 0.05;

/**
 * The paper's sparse GP predictor (protocol §6): a pseudo-point GP with an ARD SE kernel trained
 * by Adam on the stochastic Power-EP energy (α = 1), in float64.
 *
 * ```ts
 * const gp = new SparseGp({ seed: 1 });
 * await gp.fit({ rows: n, cols: 56, data: latents }, targets);
 * const { mean, variance } = gp.predict({ rows: t, cols: 56, data: testLatents });
 * ```
 */
export class SparseGp implements Predictor {
  private readonly options: SparseGpOptions;
  private params: SgpParameters | undefined;
  private n = 0;
  private cache: SgpPredictiveState | undefined;

  constructor(options: SparseGpOptions = {}) {
    this.options = options;
  }

  /**
   * A predictor from known parameters (a saved fit, or hand-set ones).
   * @param trainingSize N, the number of points the sites stand for (kept for `energy`).
   */
  static fromParameters(parameters: SgpParameters, trainingSize: number, options: SparseGpOptions = {}): SparseGp {
    const gp = new SparseGp(options);
    gp.params = parameters.clone();
    gp.n = trainingSize;
    return gp;
  }

  /** The fitted parameters (a copy). Throws before `fit`. */
  get parameters(): SgpParameters {
    return this.fitted().clone();
  }

  /** N, the number of training points of the fit (0 before `fit`). */
  get trainingSize(): number {
    return this.n;
  }

  private get threads(): number {
    return this.options.threads ?? Math.min(2, availableParallelism());
  }

  private fitted(): SgpParameters {
    if (!this.params) throw new SgpArgumentError('@opnas/sgp: predict called before fit', 'this');
    return this.params;
  }

  /** Fit on training inputs `x` (N × D) and targets `y` (length N). */
  async fit(x: RowMajorMatrix, y: ArrayLike<number>): Promise<SgpFitSummary> {
    const o = this.options;
    const epochs = o.epochs ?? 100;
    const minibatch = o.minibatchSize ?? 1000;
    const threads = this.threads;
    const jitter = o.jitter ?? 1e-3;
    nonNegativeInteger(epochs, 'epochs', invalidArgument);
    positiveInteger(minibatch, 'minibatchSize', invalidArgument);
    const xv = checkedMatrix(x, 'x');
    const yv = checkedVector(y, 'y', x.rows, 'x');
    const n = x.rows;
    const dim = x.cols;
    let min = yv[0]!;
    let max = yv[0]!;
    for (const v of yv) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min === max) {
      throw new SgpArgumentError(`@opnas/sgp: y has zero variance (every target is ${min}); nothing to fit`, 'y');
    }
    if (n < 2) throw new SgpArgumentError('@opnas/sgp: x needs at least 2 training rows', 'x');

    const rng = new PythonRandom(o.seed ?? 1);
    let params: SgpParameters;
    let adamState: AdamState | undefined;
    let startEpoch = 0;
    const resume = o.resumeFrom;
    if (resume) {
      if (resume.dim !== dim || resume.trainingSize !== n) {
        throw new SgpArgumentError(`@opnas/sgp: resumeFrom was taken on ${resume.trainingSize}×${resume.dim} inputs, x is ${n}×${dim}`, 'resumeFrom');
      }
      params = new SgpParameters(resume.inducingCount, resume.dim, Float64Array.from(resume.parameters));
      if (params.inducingCount !== (o.inducingPoints ?? 500)) {
        throw new SgpArgumentError(`@opnas/sgp: resumeFrom has ${resume.inducingCount} inducing points, options ask for ${o.inducingPoints ?? 500}`, 'resumeFrom');
      }
      adamState = resume.adam;
      rng.setState(resume.rng);
      startEpoch = resume.epoch;
    } else if (o.initialParameters) {
      const m = o.inducingPoints ?? 500;
      if (o.initialParameters.length !== SgpParameters.size(m, dim)) {
        throw new SgpArgumentError(
          `@opnas/sgp: initialParameters has ${o.initialParameters.length} values, M = ${m} inducing points in D = ${dim} dimensions need ${SgpParameters.size(m, dim)}`,
          'initialParameters',
        );
      }
      if (!o.initialParameters.every(Number.isFinite)) throw new SgpArgumentError('@opnas/sgp: initialParameters holds a non-finite value', 'initialParameters');
      params = new SgpParameters(m, dim, Float64Array.from(o.initialParameters));
    } else {
      params = initialiseSgp(xv, yv, dim, rng, o);
    }
    const adam = new Adam(params.values.length, { learningRate: o.learningRate ?? 5e-4 });
    if (adamState) adam.setState(adamState);
    this.params = params;
    this.n = n;
    this.cache = undefined;

    const batches = Math.ceil(n / minibatch);
    const totalSteps = epochs * batches;
    const started = performance.now();
    const xb = new Float64Array(Math.min(minibatch, n) * dim);
    const yb = new Float64Array(Math.min(minibatch, n));
    const lossGradient = new Float64Array(params.values.length);
    const gradient = new SgpParameters(params.inducingCount, dim);
    let lastEpochEnergy = Number.NaN;
    let finalEnergy = Number.NaN;
    const energyPerPointByEpoch: number[] = [];
    let step = startEpoch * batches;
    for (let epoch = startEpoch; epoch < epochs; epoch++) {
      const perm = Array.from({ length: n }, (_, i) => i);
      rng.shuffle(perm);
      let epochEnergy = 0;
      for (let bi = 0; bi < batches; bi++) {
        o.signal?.throwIfAborted();
        const b0 = bi * minibatch;
        const count = Math.min(minibatch, n - b0);
        for (let i = 0; i < count; i++) {
          const row = perm[b0 + i]!;
          xb.set(xv.subarray(row * dim, row * dim + dim), i * dim);
          yb[i] = yv[row]!;
        }
        const { energy } = sgpEnergy(params, xb.subarray(0, count * dim), yb.subarray(0, count), {
          trainingSize: n,
          cavityCount: 1,
          jitter,
          threads,
          gradientInto: gradient,
        });
        // Adam minimises −E
        const g = gradient.values;
        for (let i = 0; i < g.length; i++) lossGradient[i] = -g[i]!;
        adam.step(params.values, lossGradient);
        step++;
        epochEnergy += energy;
        o.onProgress?.({
          epoch: epoch + 1,
          epochs,
          batch: bi + 1,
          batches,
          step,
          totalSteps,
          energy,
          elapsedSeconds: (performance.now() - started) / 1000,
        });
      }
      lastEpochEnergy = epochEnergy / n;
      finalEnergy = epochEnergy;
      energyPerPointByEpoch.push(lastEpochEnergy);
      if (o.onCheckpoint) {
        await o.onCheckpoint({
          version: 1,
          epoch: epoch + 1,
          inducingCount: params.inducingCount,
          dim,
          trainingSize: n,
          parameters: Float64Array.from(params.values),
          adam: adam.getState(),
          rng: rng.getState(),
        });
      }
      // let timers, I/O and abort signals through between epochs
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const previous = energyPerPointByEpoch.at(-2);
    const lastEpochImprovement = previous === undefined ? null : lastEpochEnergy - previous;
    const span = Math.max(1, Math.floor(energyPerPointByEpoch.length / 10));
    const before = energyPerPointByEpoch.at(-1 - span);
    const recentImprovementPerEpoch = before === undefined ? null : (lastEpochEnergy - before) / span;
    const totalGain = lastEpochEnergy - energyPerPointByEpoch[0]!;
    const recentShareOfGain = before === undefined ? null : totalGain > 0 ? (lastEpochEnergy - before) / totalGain : recentImprovementPerEpoch! > 0 ? 1 : 0;
    return {
      epochs,
      steps: step,
      seconds: (performance.now() - started) / 1000,
      lastEpochEnergyPerPoint: lastEpochEnergy,
      finalEnergy,
      energyPerPointByEpoch,
      lastEpochImprovement,
      recentImprovementPerEpoch,
      recentShareOfGain,
      stillImproving: recentShareOfGain === null || recentShareOfGain > STILL_IMPROVING_SHARE,
    };
  }

  /** Predictive mean, observation variance and latent variance at the rows of `x`. */
  predict(x: RowMajorMatrix): SgpPrediction {
    const params = this.fitted();
    const xv = checkedMatrix(x, 'x');
    if (x.cols !== params.dim) {
      throw new SgpArgumentError(`@opnas/sgp: x has ${x.cols} columns but Z has ${params.dim}`, 'x');
    }
    const options = { jitter: this.options.jitter ?? 1e-3, threads: this.threads };
    this.cache ??= sgpPredictiveState(params, options);
    return predictSgp(params, this.cache, xv, x.rows, options);
  }

  /** `predict` plus ∂mean/∂x and ∂variance/∂x per row (for gradient-based acquisition search). */
  predictWithGradient(x: RowMajorMatrix): SgpPredictionWithGradient {
    const params = this.fitted();
    const xv = checkedMatrix(x, 'x');
    if (x.cols !== params.dim) {
      throw new SgpArgumentError(`@opnas/sgp: x has ${x.cols} columns but Z has ${params.dim}`, 'x');
    }
    const options = { jitter: this.options.jitter ?? 1e-3, threads: this.threads };
    this.cache ??= sgpPredictiveState(params, options);
    return predictSgpWithGradient(params, this.cache, xv, x.rows, options);
  }
}
