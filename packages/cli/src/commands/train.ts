import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { EnasDataset, EnasRecord } from '@opnas/enas-data';
import { writeLatents } from '@opnas/latents';
import { initRuntime } from '@opnas/runtime';
import { searchSpace } from '@opnas/spaces';
import { CheckpointError, NonFiniteLossError, TrainError, WorkerPool, extractLatents, readRunConfig, resolveTrainingSettings, runPath, trainModel } from '@opnas/train';
import type { BatchProgress, RunConfig, TrainModelOptions, TrainingLogEntry } from '@opnas/train';
import { VaeError, modelNames } from '@opnas/vae';
import type { GraphVae } from '@opnas/vae';
import type { Command } from 'commander';
import { DATA_DEFAULT_HELP, loadDataOption } from '../data-option.js';
import { CliError, type CliIo, EXIT_CODES, emit, fitToColumns, progressLine } from '../output.js';
import { DEFAULT_NB101_CELLS, SPACE_NAMES, type SpaceName, type SpaceSource, loadSpaceDataset, recordedSpaceSource } from '../space-dataset.js';
import { oneOf, positiveInteger } from '../parse-options.js';

/** What `opnas train --json` prints. */
export interface TrainReport {
  readonly run: string;
  readonly model: string;
  readonly status: 'completed' | 'stopped';
  readonly iteration: number;
  readonly epoch: number;
  /** The last epoch's log entry, if any. */
  readonly last: TrainingLogEntry | null;
  /** The latents file written after training, if any. */
  readonly latents: string | null;
}

interface TrainCommandOptions {
  model?: string;
  epochs?: number;
  hidden?: number;
  latent?: number;
  batch?: number;
  iterations?: number;
  workers?: number;
  subset?: number;
  out?: string;
  resume?: boolean;
  data?: string;
  space?: SpaceName;
  cells?: number;
  labels?: string;
  seed?: number;
  lr?: number;
  carryOver?: 'embeddings' | 'all';
  initTable?: 'normal' | 'released';
  checkpointEvery?: number;
  schedule?: 'plateau' | 'cosine' | 'linear' | 'constant';
  warmup?: number;
  finalLr?: number;
  latents: boolean;
  json?: boolean;
  quiet?: boolean;
}

function nonNegativeNumber(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !(n >= 0) || !Number.isFinite(n)) throw new CliError(`${flag} must be a non-negative number, got "${value}"`, 2);
    return n;
  };
}

/** The scheduler options of a new run (from the flags) or of a resumed one (from its settings; flags must agree). */
function scheduleOptions(options: TrainCommandOptions, s: RunConfig['settings'] | undefined): Pick<TrainModelOptions, 'scheduler' | 'schedule'> {
  const perStep = options.schedule !== undefined && options.schedule !== 'plateau';
  if (!perStep && (options.warmup !== undefined || options.finalLr !== undefined)) {
    throw new CliError('train: --warmup and --final-lr need --schedule cosine, linear or constant', 2);
  }
  if (perStep) {
    return {
      schedule: {
        decay: options.schedule as 'cosine' | 'linear' | 'constant',
        ...(options.warmup === undefined ? {} : { warmupEpochs: options.warmup }),
        ...(options.finalLr === undefined ? {} : { finalFraction: options.finalLr }),
      },
    };
  }
  if (s === undefined) return { scheduler: {} };
  if (s.schedule != null) return { schedule: s.schedule };
  return { scheduler: s.scheduler === null ? false : s.scheduler };
}

/** The training graphs of a run: the train split, or its first `subset` graphs. */
export function trainingRecords(dataset: EnasDataset, subset: number | undefined): readonly EnasRecord[] {
  if (subset === undefined) return dataset.train;
  if (subset > dataset.train.length) throw new CliError(`--subset ${subset} is larger than the training split (${dataset.train.length} graphs)`, 2);
  return dataset.train.slice(0, subset);
}

/**
 * The dataset a run was trained on: `--data PATH`, else the path recorded in its config, else
 * the usual lookup; refused if its sha256 differs from the recorded one.
 */
export async function loadRunDataset(io: CliIo, config: RunConfig, dataPath: string | undefined): Promise<EnasDataset> {
  const recorded = config.data.source;
  const generated = recordedSpaceSource(recorded);
  if (generated !== null) {
    const dataset = await loadSpaceDataset(generated);
    if (typeof recorded['sha256'] === 'string' && recorded['sha256'] !== dataset.sha256) {
      throw new CliError(`the run was trained on ${generated.space} cells with sha256 ${recorded['sha256']}, but they now give ${dataset.sha256}`);
    }
    return dataset;
  }
  const path = dataPath ?? (typeof recorded['path'] === 'string' ? recorded['path'] : undefined);
  const dataset = await loadDataOption(io, path, dataPath === undefined ? "the run's config.json (override with --data)" : '--data');
  if (typeof recorded['sha256'] === 'string' && recorded['sha256'] !== dataset.sha256) {
    throw new CliError(`the run was trained on data with sha256 ${recorded['sha256']}, but ${dataset.path} has ${dataset.sha256}; pass --data with the original file`);
  }
  return dataset;
}

/** A run's training graphs as recorded in its config (subset included). */
export function runTrainingRecords(dataset: EnasDataset, config: RunConfig): readonly EnasRecord[] {
  const subset = config.data.source['subset'];
  return trainingRecords(dataset, typeof subset === 'number' ? subset : undefined);
}

/** Turns library errors into one-line CLI errors. */
export function cliError(command: string, error: unknown): never {
  if (error instanceof CliError) throw error;
  if (error instanceof TrainError || error instanceof CheckpointError || error instanceof NonFiniteLossError || error instanceof VaeError) {
    throw new CliError(`${command}: ${error.message}`);
  }
  throw error;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 90) return `${seconds.toFixed(0)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** One progress line: where training is, the epoch's running losses per graph, speed and ETA of the epoch. */
export function formatBatchProgress(p: BatchProgress, bar: boolean, columns?: number): string {
  const where = `${p.iterations > 1 ? `it ${p.iteration}/${p.iterations} ` : ''}epoch ${p.epoch}/${p.epochs}`;
  const perBatch = p.seconds / p.batch;
  const losses = `loss ${(p.loss / p.graphs).toFixed(3)} recon ${(p.recon / p.graphs).toFixed(3)} kl ${(p.kld / p.graphs).toFixed(3)}`;
  const rate = `lr ${p.lr.toExponential(1)} ${perBatch.toFixed(2)} s/batch, epoch ETA ${duration(perBatch * (p.batches - p.batch))}`;
  const counts = `${p.batch}/${p.batches}`;
  // The bar takes what the terminal leaves (at most 24 cells); on a narrow terminal the less
  // useful fields go first (rate, then the bar), and fitToColumns cuts whatever still overflows.
  const room = columns === undefined ? Number.POSITIVE_INFINITY : columns - 1;
  const full = (width: number, tail: string) =>
    `${where} [${'#'.repeat(Math.round((width * p.batch) / p.batches))}${'.'.repeat(width - Math.round((width * p.batch) / p.batches))}] ${counts} ${tail}`.trimEnd();
  if (!bar) return `${where} batch ${counts} ${losses} ${rate}`;
  for (const tail of [`${losses} ${rate}`, losses, '']) {
    const width = Math.min(24, room - full(0, tail).length);
    if (width >= 8) return full(width, tail);
  }
  return fitToColumns(`${where} batch ${counts} ${losses}`, columns);
}

function formatEpoch(e: TrainingLogEntry, iterations: number): string {
  return `${iterations > 1 ? `iteration ${e.iteration} ` : ''}epoch ${e.epoch}: loss ${e.total.toFixed(4)} recon ${e.recon.toFixed(4)} kl ${e.kl.toFixed(4)} lr ${e.lr.toExponential(1)} (${duration(e.seconds)})`;
}

const formatReport = (r: TrainReport) =>
  `${r.status === 'completed' ? 'trained' : 'stopped'} ${r.model}: iteration ${r.iteration}, epoch ${r.epoch}${r.last ? `, loss ${r.last.total.toFixed(4)} (recon ${r.last.recon.toFixed(4)}, kl ${r.last.kl.toFixed(4)})` : ''}\nrun: ${r.run}${r.latents ? `\nlatents: ${r.latents}` : ''}${r.status === 'stopped' ? `\nresume with: opnas train --out ${r.run} --resume` : ''}`;

/** Writes `<run>/latents.safetensors` (μ of the full train and test splits) with a model already in memory. */
/** The `space` field of a latents file: none for ENAS-6 (those files are unchanged), else the run's space. */
function spaceMetadata(config: RunConfig): { space?: string } {
  const generated = recordedSpaceSource(config.data.source);
  return generated === null ? {} : { space: generated.space };
}

export async function writeRunLatents(
  io: CliIo,
  quiet: boolean,
  model: GraphVae,
  config: RunConfig,
  dataset: EnasDataset,
  out: string,
  epochInfo: { readonly iteration: number; readonly epoch: number },
  workers: number,
): Promise<void> {
  const pool = await WorkerPool.forModel(model, config.modelOptions, { workers });
  try {
    let shown = -1;
    const latents = await extractLatents(
      pool,
      { train: dataset.train, test: dataset.test },
      {
        metadata: {
          model: config.model,
          epoch: String(epochInfo.epoch),
          iteration: String(epochInfo.iteration),
          dataSha256: dataset.sha256,
          // the space of a benchmark run, for the commands that read the latents (ENAS-6 when absent)
          ...spaceMetadata(config),
        },
        onProgress: (done, total) => {
          const percent = Math.floor((100 * done) / total);
          if (quiet || percent === shown || percent % 10 !== 0) return;
          shown = percent;
          if (io.isTty) progressLine(io, `encoding latents: ${percent}%`, percent === 100);
          else io.stderr(`encoding latents: ${percent}%\n`);
        },
      },
    );
    await writeLatents(out, latents);
  } finally {
    await pool.close();
  }
}

/**
 * `opnas train`: trains a registered graph VAE with the paper's protocol (protocol §4) into a run
 * directory, resumable after a stop (Ctrl-C / SIGTERM: checkpoint after the current batch) or a
 * crash, then writes the run's latents.
 */
export function registerTrainCommand(program: Command, io: CliIo): void {
  program
    .command('train')
    .description("train a graph VAE with the paper's protocol into a run directory (resumable; protocol §4)")
    .option('--model <name>', `model: ${modelNames().join(', ')}`)
    .option('--epochs <n>', 'epochs per iteration (default: 300)', positiveInteger('--epochs'))
    .option('--hidden <h>', 'hidden size (default: 501)', positiveInteger('--hidden'))
    .option('--latent <z>', 'latent size (default: 56)', positiveInteger('--latent'))
    .option('--batch <b>', 'batch size (default: 32)', positiveInteger('--batch'))
    .option('--iterations <t>', 'iterations of the T × N scheme (default: 4 for dvae-emb, else 1)', positiveInteger('--iterations'))
    .option('--carry-over <what>', 'between iterations: embeddings | all (default: embeddings)', oneOf('--carry-over', ['embeddings', 'all'] as const))
    .option('--init-table <init>', "iteration 1's embedding: normal | released (default: normal)", oneOf('--init-table', ['normal', 'released'] as const))
    .option('--workers <w>', 'worker threads (default: one per core)', positiveInteger('--workers'))
    .option('--subset <n>', 'train on the first n graphs of the training split', positiveInteger('--subset'))
    .option('--seed <s>', 'seed of data order, noise and initial weights (default: 1)', positiveInteger('--seed'))
    .option('--lr <rate>', 'initial learning rate (default: 1e-4)', (v: string) => {
      const n = Number(v);
      if (!(n > 0) || !Number.isFinite(n)) throw new CliError(`--lr must be a positive number, got "${v}"`, 2);
      return n;
    })
    .option(
      '--schedule <kind>',
      "learning rate: plateau (the paper's ReduceLROnPlateau) | cosine | linear | constant, per step after --warmup (default: plateau)",
      oneOf('--schedule', ['plateau', 'cosine', 'linear', 'constant'] as const),
    )
    .option('--warmup <epochs>', 'epochs of linear warm-up to --lr, with --schedule cosine|linear|constant (default: 0)', nonNegativeNumber('--warmup'))
    .option('--final-lr <fraction>', "the last step's rate as a fraction of --lr, with --schedule cosine|linear (default: 0.01)", nonNegativeNumber('--final-lr'))
    .option('--checkpoint-every <n>', 'checkpoint every n epochs (default: 1)', positiveInteger('--checkpoint-every'))
    .option('--out <dir>', 'run directory (default: runs/<model>)')
    .option('--resume', "continue the run in --out from its checkpoint, with the run's settings")
    .option('--data <path>', `ENAS data file (default: ${DATA_DEFAULT_HELP})`)
    .option('--space <name>', 'search space: enas6 (the ENAS data) | nb101 (sampled cells) | nb201 (all 15,625 cells); default enas6', oneOf('--space', SPACE_NAMES))
    .option('--cells <n>', `nb101: distinct sampled cells to train on (default: ${DEFAULT_NB101_CELLS})`, positiveInteger('--cells'))
    .option('--labels <file>', 'nb101/nb201: train on the cells of this labels file, its labels as accuracies (one "<notation> <label>" per line)')
    .option('--no-latents', 'do not write latents.safetensors after training')
    .option('--json', 'print a JSON summary on stdout (progress stays on stderr)')
    .option('--quiet', 'no progress on stderr')
    .action(async (options: TrainCommandOptions) => {
      // --json changes only stdout; progress stays on stderr unless --quiet.
      const quiet = options.quiet ?? false;
      let config: RunConfig | undefined;
      if (options.resume) {
        if (options.out === undefined) throw new CliError('train: --resume needs --out DIR (the run to continue)', 2);
        config = await readRunConfig(options.out).catch((error: unknown) => cliError('train', error));
      } else if (options.model === undefined) {
        throw new CliError(`train: give --model (${modelNames().join(', ')}) or --resume --out DIR`, 2);
      }
      const model = options.model ?? config!.model;
      if (!modelNames().includes(model)) throw new CliError(`train: unknown model '${model}'; registered: ${modelNames().join(', ')}`, 2);
      if (config !== undefined && options.model !== undefined && options.model !== config.model) {
        throw new CliError(`train: ${options.out} holds a ${config.model} run; drop --model or use another --out`, 2);
      }
      const runDir = resolve(options.out ?? `runs/${model}`);
      await initRuntime();
      const recordedSpace = config === undefined ? undefined : (recordedSpaceSource(config.data.source)?.space ?? 'enas6');
      if (recordedSpace !== undefined && options.space !== undefined && options.space !== recordedSpace) {
        throw new CliError(`train: ${options.out} holds a run on ${recordedSpace}; drop --space or use another --out`, 2);
      }
      const spaceName: SpaceName = recordedSpace ?? options.space ?? 'enas6';
      if (spaceName === 'enas6' && (options.cells !== undefined || options.labels !== undefined))
        throw new CliError('train: --cells and --labels are for --space nb101 or nb201', 2);
      if (spaceName !== 'enas6' && options.data !== undefined) throw new CliError(`train: --data is the ENAS data file; for ${spaceName} give --labels FILE or nothing`, 2);
      if (spaceName === 'nb201' && options.cells !== undefined) throw new CliError('train: nb201 trains on all 15,625 cells; --cells is for nb101', 2);
      const spaceSource: SpaceSource | null =
        spaceName === 'enas6'
          ? null
          : {
              space: spaceName,
              ...(spaceName === 'nb101' && options.labels === undefined ? { cells: options.cells ?? DEFAULT_NB101_CELLS } : {}),
              ...(options.labels === undefined ? {} : { labels: resolve(options.labels) }),
            };
      const dataset =
        config !== undefined ? await loadRunDataset(io, config, options.data) : spaceSource !== null ? await loadSpaceDataset(spaceSource) : await loadDataOption(io, options.data);
      const space = searchSpace(spaceName);
      const subset = options.subset ?? (typeof config?.data.source['subset'] === 'number' ? config.data.source['subset'] : undefined);
      const records = trainingRecords(dataset, subset);
      // A resumed run keeps its settings; options given again must agree (trainModel checks).
      const s = config?.settings;
      const modelOptions = {
        ...config?.modelOptions,
        ...(options.hidden === undefined ? {} : { hiddenSize: options.hidden }),
        ...(options.latent === undefined ? {} : { latentSize: options.latent }),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        // another space's vertex types and size (a resumed run has them in its modelOptions)
        ...(config === undefined && spaceName !== 'enas6' ? { vocabulary: space.vocabulary, maxVertices: space.maxVertices } : {}),
      };
      const workers = options.workers ?? availableParallelism();
      const controller = new AbortController();
      let signals = 0;
      let stoppedBy: 'SIGINT' | 'SIGTERM' = 'SIGINT';
      const onSignal = (signal: NodeJS.Signals) => {
        signals++;
        if (signal === 'SIGTERM') stoppedBy = 'SIGTERM';
        if (signals > 1) process.exit(EXIT_CODES[stoppedBy]);
        io.stderr(`\n${signal}: stopping after the current batch and writing a checkpoint (again to quit at once)\n`);
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      let lastLine = 0;
      let iterations = 1;
      const trainOptions: TrainModelOptions = {
        model,
        modelOptions,
        graphs: records.map((r) => r.dag),
        epochs: options.epochs ?? s?.epochs ?? 300,
        ...((options.batch ?? s?.batchSize) === undefined ? {} : { batchSize: (options.batch ?? s?.batchSize)! }),
        ...((options.iterations ?? s?.iterations) === undefined ? {} : { iterations: (options.iterations ?? s?.iterations)! }),
        ...((options.carryOver ?? s?.carryOver) === undefined ? {} : { carryOver: (options.carryOver ?? s?.carryOver)! }),
        ...((options.initTable ?? (s && s.initTable !== 'normal' ? s.initTable : undefined)) === undefined ? {} : { initTable: (options.initTable ?? s?.initTable)! }),
        ...((options.seed ?? s?.seed) === undefined ? {} : { seed: (options.seed ?? s?.seed)! }),
        ...((options.checkpointEvery ?? s?.checkpointEvery) === undefined ? {} : { checkpointEvery: (options.checkpointEvery ?? s?.checkpointEvery)! }),
        adam: { ...s?.adam, ...(options.lr === undefined ? {} : { learningRate: options.lr }) },
        ...scheduleOptions(options, s),
        shuffle: s?.shuffle ?? true,
        workers,
        runDir,
        resume: options.resume ?? false,
        signal: controller.signal,
        dataSource: {
          path: dataset.path,
          sha256: dataset.sha256,
          ...(subset === undefined ? {} : { subset }),
          ...(spaceSource ?? (config === undefined ? null : recordedSpaceSource(config.data.source)) ?? {}),
        },
        onNotice: (message) => {
          if (!quiet) io.stderr(`${message}\n`);
        },
        onBatch: (p) => {
          if (quiet) return;
          if (io.isTty) progressLine(io, formatBatchProgress(p, true, io.columns));
          else if (performance.now() - lastLine > 30_000 && p.batch < p.batches) {
            lastLine = performance.now();
            io.stderr(`${formatBatchProgress(p, false)}\n`);
          }
        },
        onEpoch: (e) => {
          if (quiet) return;
          lastLine = performance.now();
          if (io.isTty) progressLine(io, formatEpoch(e, iterations), true);
          else io.stderr(`${formatEpoch(e, iterations)}\n`);
        },
      };
      try {
        iterations = resolveTrainingSettings(trainOptions).iterations;
      } catch (error) {
        cliError('train', error);
      }
      if (!quiet) io.stderr(`training ${model} on ${records.length} ${spaceName === 'enas6' ? 'graphs' : `${spaceName} cells`} with ${workers} worker(s) into ${runDir}\n`);
      let result;
      try {
        result = await trainModel(trainOptions);
      } catch (error) {
        cliError('train', error);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      let latentsPath: string | null = null;
      try {
        const unlabelled = dataset.train.some((r) => !Number.isFinite(r.accuracy)) || dataset.test.some((r) => !Number.isFinite(r.accuracy));
        if (result.status === 'completed' && options.latents && unlabelled && !quiet) {
          io.stderr(`no latents.safetensors: the ${spaceName} cells have no labels (give --labels FILE for latents with accuracies)\n`);
        }
        if (result.status === 'completed' && options.latents && !unlabelled) {
          latentsPath = runPath(runDir, 'latents');
          const finalConfig = await readRunConfig(runDir);
          await writeRunLatents(io, quiet, result.model, finalConfig, dataset, latentsPath, result, workers);
        }
      } finally {
        result.model.dispose();
      }
      const report: TrainReport = {
        run: runDir,
        model,
        status: result.status,
        iteration: result.iteration,
        epoch: result.epoch,
        last: result.log.at(-1) ?? null,
        latents: latentsPath,
      };
      emit(io, options.json, report, formatReport);
      if (result.status === 'stopped') process.exitCode = EXIT_CODES[stoppedBy];
    });
}
