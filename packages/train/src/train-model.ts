import { positiveInteger } from '@opnas/errors';
import { access, mkdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { OperationVocabulary } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import { currentRuntime } from '@opnas/runtime';
import { createModel, saveModelWeights } from '@opnas/vae';
import type { GraphVae } from '@opnas/vae';
import writeFileAtomic from 'write-file-atomic';
import { EmbeddingIterations } from './embedding-iterations.js';
import { CheckpointError, NonFiniteLossError, TrainError, invalidArgument } from './errors.js';
import { faultPoint } from './fault-injection.js';
import { scheduledLearningRate } from './lr-schedule.js';
import { checkSameLayout, parameterLayout, readVariables, writeVariables } from './parameter-layout.js';
import { ReduceLrOnPlateau } from './reduce-lr-on-plateau.js';
import { firstDifference, graphsFingerprint, readRunConfig, writeRunConfig } from './run-config.js';
import type { RunConfig } from './run-config.js';
import { runPath } from './run-files.js';
import { readCheckpoint, removeStaleCheckpointFiles, writeCheckpoint } from './training-checkpoint.js';
import type { TrainingProgressState } from './training-checkpoint.js';
import { formatTrainingLog } from './training-log.js';
import type { TrainingLogEntry } from './training-log.js';
import { resolveTrainingSettings } from './training-options.js';
import type { TrainModelOptions, TrainingSettings } from './training-options.js';
import { WorkerPool, poolMembers } from './worker-pool.js';

/** What {@link trainModel} returns. */
export interface TrainResult {
  /** `'completed'`: every epoch of every iteration ran; `'stopped'`: `signal` stopped it (checkpointed). */
  readonly status: 'completed' | 'stopped';
  /** Every completed epoch, all iterations (including those of earlier sessions of a resumed run). */
  readonly log: readonly TrainingLogEntry[];
  /** A model holding the weights training ended with (the caller disposes it). */
  readonly model: GraphVae;
  /** The options `model` was built with (for `WorkerPool.forModel`). */
  readonly modelOptions: Readonly<Record<string, unknown>>;
  readonly settings: TrainingSettings;
  /** Where training stands: the iteration and its completed epochs. */
  readonly iteration: number;
  readonly epoch: number;
}

/** The noise generator's seed: a stream distinct from the shuffle's `PythonRandom(seed)`. */
const noiseSeed = (seed: number): bigint => (1n << 32n) + BigInt(seed);

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Trains a registered graph VAE with the paper's protocol (protocol §4.1), data-parallel on worker
 * threads: per epoch an in-place shuffle of the training list, batches of 32 (the last partial),
 * summed losses, one Adam step per batch with PyTorch's update, then ReduceLROnPlateau on the
 * epoch's summed loss; for `dvae-emb` four such runs with the learned embedding carried over
 * (protocol §4.2).
 *
 * With `runDir` it keeps a run directory: `config.json`, `train-log.jsonl` after every epoch,
 * an atomic checkpoint every `checkpointEvery` epochs, at each iteration's end and when `signal`
 * aborts (after the current batch), the table after each iteration, and `model.safetensors` at
 * the end. `resume: true` continues from the checkpoint with bit-identical results (same worker
 * count), whether the previous session was stopped or killed.
 *
 * @throws {TrainError} for invalid options; {@link CheckpointError} for a run directory that
 *   does not fit; {@link NonFiniteLossError} when a loss or gradient is NaN or infinite (nothing
 *   is written after the last good checkpoint).
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainResult> {
  const settings = resolveTrainingSettings(options);
  const graphs = options.graphs;
  if (graphs.length === 0) throw new TrainError('@opnas/train: graphs is empty');
  const requestedWorkers = options.workers ?? availableParallelism();
  positiveInteger(requestedWorkers, 'workers', invalidArgument);
  // Device backends (webgpu, tensorflow) train in the main thread: a pool of one (see poolMembers).
  const workers = poolMembers(options.backend ?? currentRuntime()?.backend ?? 'wasm', requestedWorkers).count;
  const modelOptions = { ...options.modelOptions, seed: options.modelOptions?.seed ?? settings.seed };
  const notice = options.onNotice ?? (() => {});
  const model = createModel(options.model, modelOptions);
  let pool: WorkerPool | undefined;
  try {
    const variables = model.variables();
    const layout = parameterLayout(variables);
    const vocabulary = modelOptions['vocabulary'] as OperationVocabulary | undefined;
    const scheme = EmbeddingIterations.prepare(model, settings, {
      modelName: options.model,
      initTableGiven: options.initTable !== undefined,
      ...(vocabulary === undefined ? {} : { vocabulary }),
    });
    const initial = new Float32Array(layout.size);
    // Read asynchronously first: webgpu answers the synchronous reads from what that cached.
    await Promise.all(variables.map((v) => v.data()));
    readVariables(variables, layout, initial);

    const runDir = options.runDir;
    const checkpointPath = runDir === undefined ? undefined : runPath(runDir, 'checkpoint');
    const fingerprint = graphsFingerprint(graphs);
    let resumed: Awaited<ReturnType<typeof readCheckpoint>> | undefined;
    if (runDir !== undefined && checkpointPath !== undefined) {
      const config: RunConfig = {
        format: 'opnas-train-run',
        version: 1,
        model: options.model,
        modelOptions,
        settings,
        data: { count: graphs.length, fingerprint, source: options.dataSource ?? {} },
        workers,
        created: new Date().toISOString(),
      };
      if (options.resume) {
        const previous = await readRunConfig(runDir);
        // Runs written before per-step schedules existed have no `schedule` field: they had none.
        const comparable = (c: RunConfig) => ({
          model: c.model,
          modelOptions: c.modelOptions,
          settings: { ...c.settings, schedule: c.settings.schedule ?? null, epochs: 0, checkpointEvery: 0 },
          data: { count: c.data.count, fingerprint: c.data.fingerprint },
        });
        const difference = firstDifference(comparable(previous), comparable(config));
        if (difference !== null) {
          throw new CheckpointError(`@opnas/train: cannot resume ${runDir}: ${difference} differs from the run's config.json`);
        }
        await removeStaleCheckpointFiles(checkpointPath);
        if (await exists(checkpointPath)) {
          resumed = await readCheckpoint(checkpointPath);
          checkSameLayout(layout, { shapes: resumed.shapes, offsets: [], size: resumed.weights.length }, `checkpoint ${checkpointPath}`);
          if (resumed.order.length !== graphs.length)
            throw new CheckpointError(`@opnas/train: checkpoint ${checkpointPath} orders ${resumed.order.length} graphs, not ${graphs.length}`);
        } else {
          notice(`no checkpoint in ${runDir} yet; starting from the beginning`);
        }
        await writeRunConfig(runDir, { ...config, created: previous.created, workers: previous.workers });
        // Final weights of an earlier completion no longer describe the run once it trains on;
        // they are written again when it completes.
        await rm(runPath(runDir, 'model'), { force: true });
      } else {
        if ((await exists(runPath(runDir, 'config'))) || (await exists(checkpointPath))) {
          throw new CheckpointError(`@opnas/train: ${runDir} already holds a run; resume it or choose another directory`);
        }
        await mkdir(join(runDir, 'checkpoint'), { recursive: true });
        await writeRunConfig(runDir, config);
        // The table training starts from, so a report can tell how far it moved (iteration 0).
        await scheme.writeTable(runDir, 0);
      }
    } else if (options.resume) {
      throw new TrainError('@opnas/train: resume needs a runDir');
    }

    pool = await WorkerPool.start({
      model: options.model,
      modelOptions,
      layout,
      workers,
      ...(options.backend === undefined ? {} : { backend: options.backend }),
      ...(options.registerModules === undefined ? {} : { registerModules: options.registerModules }),
    });
    await pool.setGraphs(graphs);
    const p = pool;

    // ---- training state
    const { adam, batchSize, seed } = settings;
    const newScheduler = () => (settings.scheduler === null ? null : new ReduceLrOnPlateau(adam.learningRate, settings.scheduler));
    const identity = () => Array.from({ length: graphs.length }, (_, i) => i);
    let scheduler = newScheduler();
    let shuffleRandom = new PythonRandom(seed);
    let noiseRandom = new PythonRandom(noiseSeed(seed));
    let order = identity();
    let iteration = 1;
    let epoch = 0;
    let batch = 0;
    let adamStep = 0;
    let partial = { loss: 0, recon: 0, kld: 0, seconds: 0 };
    const log: TrainingLogEntry[] = [];
    if (resumed === undefined) {
      p.weights.set(initial);
    } else {
      const s = resumed.state;
      p.weights.set(resumed.weights);
      p.m.set(resumed.m);
      p.v.set(resumed.v);
      order = Array.from(resumed.order);
      ({ iteration, epoch, batch, adamStep, partial } = s);
      partial = { ...partial };
      log.push(...s.log);
      shuffleRandom.setState(s.shuffleRandom);
      noiseRandom.setState(s.noiseRandom);
      if (scheduler !== null && s.scheduler !== null) scheduler.setState(s.scheduler);
      if (s.workers !== workers) notice(`the run used ${s.workers} worker(s) and resumes with ${workers}: gradient sums will differ from an uninterrupted run in the last bits`);
      notice(`resuming ${runDir}: iteration ${iteration}, ${epoch} epoch(s) done${batch > 0 ? ` and ${batch} batch(es) of the next` : ''}`);
    }
    p.weightsChanged();
    const learningRate = () => scheduler?.learningRate ?? adam.learningRate;

    const progressState = (): TrainingProgressState => ({
      iteration,
      epoch,
      batch,
      adamStep,
      scheduler: scheduler?.getState() ?? null,
      shuffleRandom: shuffleRandom.getState(),
      noiseRandom: noiseRandom.getState(),
      partial,
      log,
      workers,
    });
    let lastCheckpoint = resumed === undefined ? 'none' : `iteration ${resumed.state.iteration}, epoch ${resumed.state.epoch}`;
    const checkpoint = async () => {
      if (checkpointPath === undefined) return;
      await writeCheckpoint(checkpointPath, { state: progressState(), weights: p.weights, m: p.m, v: p.v, order: Int32Array.from(order), shapes: layout.shapes });
      lastCheckpoint = `iteration ${iteration}, epoch ${epoch}${batch > 0 ? `, batch ${batch}` : ''}`;
    };
    const syncModel = () => writeVariables(variables, layout, p.weights);
    const finish = (status: TrainResult['status']): TrainResult => {
      syncModel();
      return { status, log: [...log], model, modelOptions, settings, iteration, epoch };
    };

    const n = graphs.length;
    const batches = Math.ceil(n / batchSize);
    const nz = model.latentSize;
    for (;;) {
      while (epoch < settings.epochs) {
        if (batch === 0) {
          if (settings.shuffle) shuffleRandom.shuffle(order);
          partial = { loss: 0, recon: 0, kld: 0, seconds: 0 };
        }
        // A per-step schedule sets each batch's rate from its position in the iteration; the
        // epoch's log records the rate of its first batch.
        const stepRate = (b: number) =>
          settings.schedule === null ? learningRate() : scheduledLearningRate(settings.schedule, adam.learningRate, epoch * batches + b, batches, settings.epochs * batches);
        const lr = stepRate(0);
        const started = performance.now();
        const secondsBefore = partial.seconds;
        while (batch < batches) {
          const indices = order.slice(batch * batchSize, Math.min(n, (batch + 1) * batchSize));
          const losses = await p.gradient(indices, noiseRandom.getState(), nz);
          const where = `iteration ${iteration}, epoch ${epoch + 1}, batch ${batch + 1}`;
          const bad = !Number.isFinite(losses.loss) ? `loss is ${losses.loss} (recon ${losses.recon}, KLD ${losses.kld})` : losses.nonFiniteGradient;
          if (bad !== null) {
            throw new NonFiniteLossError(
              `@opnas/train: training stopped at ${where}: ${bad}; no update was applied${checkpointPath === undefined ? '' : `; the last good checkpoint (${lastCheckpoint}) is kept in ${checkpointPath}`}`,
              iteration,
              epoch + 1,
              batch + 1,
            );
          }
          // The workers drew latentSize deviates per graph from this state; move past them.
          for (let k = 0; k < indices.length * nz; k++) noiseRandom.gauss();
          adamStep++;
          const batchLr = stepRate(batch);
          await p.adamStep(adamStep, batchLr, adam);
          batch++;
          partial = {
            loss: partial.loss + losses.loss,
            recon: partial.recon + losses.recon,
            kld: partial.kld + losses.kld,
            seconds: secondsBefore + (performance.now() - started) / 1000,
          };
          options.onBatch?.({
            iteration,
            iterations: settings.iterations,
            epoch: epoch + 1,
            epochs: settings.epochs,
            batch,
            batches,
            graphs: Math.min(n, batch * batchSize),
            loss: partial.loss,
            recon: partial.recon,
            kld: partial.kld,
            lr: batchLr,
            seconds: partial.seconds,
          });
          faultPoint('after-batch', `${iteration}:${epoch + 1}:${batch}`);
          if (options.signal?.aborted && batch < batches) {
            await checkpoint();
            return finish('stopped');
          }
        }
        const entry: TrainingLogEntry = {
          model: options.model,
          iteration,
          epoch: epoch + 1,
          total: partial.loss / n,
          recon: partial.recon / n,
          kl: partial.kld / n,
          lr,
          seconds: partial.seconds,
        };
        log.push(entry);
        scheduler?.step(partial.loss);
        epoch++;
        batch = 0;
        partial = { loss: 0, recon: 0, kld: 0, seconds: 0 };
        if (runDir !== undefined) await writeFileAtomic(runPath(runDir, 'trainLog'), formatTrainingLog(log));
        options.onEpoch?.(entry);
        const stopping = options.signal?.aborted ?? false;
        if (epoch % settings.checkpointEvery === 0 || epoch === settings.epochs || stopping) await checkpoint();
        if (stopping && epoch < settings.epochs) return finish('stopped');
      }
      // The iteration is complete: keep its table, then set up the next iteration.
      if (scheme.embedding !== undefined && runDir !== undefined) {
        syncModel();
        await scheme.writeTable(runDir, iteration);
      }
      if (iteration >= settings.iterations) break;
      if (scheme.restarts) {
        syncModel();
        scheme.carryOver(variables, layout, initial, p);
        adamStep = 0;
        scheduler = newScheduler();
      }
      // Both ways a new iteration is a new run of the reference script: seed 1 again for the data
      // order and the noise, the epoch counter from 1.
      shuffleRandom = new PythonRandom(seed);
      noiseRandom = new PythonRandom(noiseSeed(seed));
      order = identity();
      iteration++;
      epoch = 0;
      batch = 0;
      p.weightsChanged();
      notice(scheme.notice(iteration));
      await checkpoint();
      if (options.signal?.aborted) return finish('stopped');
    }
    const result = finish('completed');
    if (runDir !== undefined) {
      await saveModelWeights(model, runPath(runDir, 'model'), { metadata: { iteration: String(iteration), epoch: String(epoch), trainer: '@opnas/train' } });
    }
    return result;
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    await pool?.close();
  }
}
