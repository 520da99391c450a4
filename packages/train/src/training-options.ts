import type { Dag } from '@opnas/dag';
import { nonNegativeInteger, positiveInteger } from '@opnas/errors';
import type { BackendName } from '@opnas/runtime';
import { defaultIterations } from '@opnas/vae';
import type { GraphVaeOptions } from '@opnas/vae';
import type { AdamOptions, AdamSettings } from './adam.js';
import { resolveAdamOptions } from './adam.js';
import { TrainError, invalidArgument } from './errors.js';
import { resolveLrSchedule } from './lr-schedule.js';
import type { LrScheduleOptions, LrScheduleSettings } from './lr-schedule.js';
import type { PlateauOptions } from './reduce-lr-on-plateau.js';
import type { TrainingLogEntry } from './training-log.js';

/** What to carry from one iteration of the T × N scheme into the next (protocol §4.2). */
export type CarryOver = 'embeddings' | 'all';

/** How iteration 1 initialises the operation embedding (protocol §3.2, §4.2). */
export type InitTable = 'normal' | 'released';

/** Progress after each batch (for progress bars); losses are sums over the epoch so far. */
export interface BatchProgress {
  readonly iteration: number;
  readonly iterations: number;
  readonly epoch: number;
  readonly epochs: number;
  /** Batches of this epoch done, from 1. */
  readonly batch: number;
  readonly batches: number;
  /** Graphs of this epoch done. */
  readonly graphs: number;
  /** Epoch sums so far (divide by `graphs` for per-graph values). */
  readonly loss: number;
  readonly recon: number;
  readonly kld: number;
  readonly lr: number;
  /** Seconds of this epoch so far. */
  readonly seconds: number;
}

/**
 * Options of {@link trainModel}. Defaults are the paper's protocol (protocol §4.1–4.2): Adam
 * lr 1e-4, β 0.9/0.999, ε 1e-8; ReduceLROnPlateau (min, ×0.1, patience 10, rel 1e-4) on the
 * summed epoch loss; 300 epochs of batches of 32, the last partial; an in-place shuffle of the
 * training list at the start of every epoch with `PythonRandom(seed)`; summed losses; seed 1.
 */
export interface TrainModelOptions {
  /** Registry name (`dvae`, `dvae-emb`, or any model registered with `@opnas/vae`). */
  readonly model: string;
  /** Model options (sizes etc.). `seed` defaults to the training `seed`. */
  readonly modelOptions?: GraphVaeOptions & Readonly<Record<string, unknown>>;
  /** The training graphs in the split's order (17,118 for ENAS). */
  readonly graphs: readonly Dag[];
  /** Epochs per iteration. Default 300. */
  readonly epochs?: number;
  /** Graphs per batch; the last batch of an epoch takes what is left. Default 32. */
  readonly batchSize?: number;
  /** Adam's settings. Default the paper's. */
  readonly adam?: AdamOptions;
  /** ReduceLROnPlateau's settings, or `false` for a constant learning rate. Default the paper's. */
  readonly scheduler?: PlateauOptions | false;
  /**
   * A per-step schedule (warm-up, then cosine / linear decay or constant) instead of the paper's
   * plateau scheduler; `adam.learningRate` is then its peak. Cannot be combined with a
   * `scheduler` object. Default none (the paper's protocol).
   */
  readonly schedule?: LrScheduleOptions;
  /** Seeds the shuffle, the reparameterisation noise and (by default) the model's initial weights. Default 1. */
  readonly seed?: number;
  /** Shuffle the training list in place at the start of every epoch (shuffles compound). Default true. */
  readonly shuffle?: boolean;
  /** Iterations of the T × N scheme (protocol §4.2). Default 4 for `dvae-emb`, 1 otherwise. */
  readonly iterations?: number;
  /**
   * Between iterations: `'embeddings'` — a fresh model (same seeded initial weights), fresh
   * Adam and scheduler, the same data order, with the learned embedding table carried over (the
   * paper); `'all'` — weights, Adam moments and scheduler carried over (the released code's
   * `--saved_model`), data order and noise restarted. Default `'embeddings'`.
   */
  readonly carryOver?: CarryOver;
  /**
   * Iteration 1's embedding table: `'normal'` — N(0, 1) (the paper); `'released'` — the table
   * hard-coded in the released code. Only for models with an embedding. Default `'normal'`.
   */
  readonly initTable?: InitTable;
  /** Worker threads for data-parallel training. Default one per core. */
  readonly workers?: number;
  /**
   * Run directory for checkpoints, the log, embeddings and final weights (see `RUN_FILES`).
   * Without one nothing is written and the run cannot be resumed.
   */
  readonly runDir?: string;
  /** Checkpoint every this many epochs (and at the end of every iteration and on `signal`). Default 1. */
  readonly checkpointEvery?: number;
  /** Continue from the run directory's checkpoint. Default false (an existing checkpoint is then an error). */
  readonly resume?: boolean;
  /** Aborting it stops training after the current batch, with a checkpoint (wire SIGINT/SIGTERM to it). */
  readonly signal?: AbortSignal;
  /** Called after every batch. */
  readonly onBatch?: (progress: BatchProgress) => void;
  /** Called after every epoch with its log entry. */
  readonly onEpoch?: (entry: TrainingLogEntry) => void;
  /** Called with notes worth showing a user (resuming, iteration changes, worker-count change). */
  readonly onNotice?: (message: string) => void;
  /** Recorded in `config.json` to identify the data (e.g. the data file's path, sha256, subset). */
  readonly dataSource?: Readonly<Record<string, string | number>>;
  /** Backend of the workers. Default the main thread's, else `wasm`. */
  readonly backend?: BackendName;
  /** Modules the workers import to register models defined outside `@opnas/vae`. */
  readonly registerModules?: readonly string[];
}

/** The settings that define a run's results (recorded in `config.json`, checked on resume). */
export interface TrainingSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly adam: AdamSettings;
  readonly scheduler: Required<PlateauOptions> | null;
  /** The per-step schedule, or null for the plateau scheduler / a constant rate. */
  readonly schedule: LrScheduleSettings | null;
  readonly seed: number;
  readonly shuffle: boolean;
  readonly iterations: number;
  readonly carryOver: CarryOver;
  readonly initTable: InitTable;
  readonly checkpointEvery: number;
}

/** The paper's ReduceLROnPlateau settings (protocol §4.1; PyTorch defaults otherwise). */
export const PAPER_PLATEAU: Required<PlateauOptions> = { mode: 'min', factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: 'rel', cooldown: 0, minLr: 0, eps: 1e-8 };

/** Fills in the paper's defaults and checks every setting. */
export function resolveTrainingSettings(options: Omit<TrainModelOptions, 'graphs'>): TrainingSettings {
  const carryOver = options.carryOver ?? 'embeddings';
  if (carryOver !== 'embeddings' && carryOver !== 'all') throw new TrainError(`@opnas/train: carryOver must be 'embeddings' or 'all', got '${String(carryOver)}'`);
  const initTable = options.initTable ?? 'normal';
  if (initTable !== 'normal' && initTable !== 'released') throw new TrainError(`@opnas/train: initTable must be 'normal' or 'released', got '${String(initTable)}'`);
  const seed = options.seed ?? 1;
  nonNegativeInteger(seed, 'seed', invalidArgument);
  if (options.schedule !== undefined && options.scheduler !== undefined && options.scheduler !== false) {
    throw new TrainError('@opnas/train: give either schedule (per-step warm-up and decay) or scheduler (ReduceLROnPlateau), not both');
  }
  const schedule = options.schedule === undefined ? null : resolveLrSchedule(options.schedule);
  const scheduler =
    options.scheduler === false || schedule !== null
      ? null
      : { ...PAPER_PLATEAU, ...Object.fromEntries(Object.entries(options.scheduler ?? {}).filter(([, v]) => v !== undefined)) };
  return {
    epochs: positiveInteger(options.epochs ?? 300, 'epochs', invalidArgument),
    batchSize: positiveInteger(options.batchSize ?? 32, 'batchSize', invalidArgument),
    adam: resolveAdamOptions(options.adam),
    scheduler,
    schedule,
    seed,
    shuffle: options.shuffle ?? true,
    iterations: positiveInteger(options.iterations ?? defaultIterations(options.model), 'iterations', invalidArgument),
    carryOver,
    initTable,
    checkpointEvery: positiveInteger(options.checkpointEvery ?? 1, 'checkpointEvery', invalidArgument),
  };
}
