import { mkdir } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { positiveInteger } from '@opnas/cli';
import { Command, InvalidArgumentError } from 'commander';
import { type BoResult, type BoSettings, boStage } from './bo-stage.js';
import { dataStage, loadData } from './data-stage.js';
import { graphStatsStage } from './graph-stats-stage.js';
import { mapsStage } from './maps-stage.js';
import { type ModelName, PRESETS, type Preset, searchModels } from './presets.js';
import { type Located, renderReport } from './report.js';
import { writeReport } from './report-files.js';
import { evolutionSizes, searchBaselinesStage } from './search-stage.js';
import { runStage, stageKey } from './stage-cache.js';
import { table1Stage } from './table1-stage.js';
import { type Table2Result, table2Stage } from './table2-stage.js';
import { type TrainResult, trainStage } from './train-stage.js';

interface Options {
  preset: Preset['name'];
  out?: string;
  data?: string;
  backend?: 'wasm' | 'cpu' | 'webgpu' | 'tensorflow';
  workers?: number;
  boMode: 'pool' | 'latent';
  boEvaluator?: 'lookup' | 'surrogate' | 'command' | 'enas-surrogate';
  boCmd?: string;
  json?: boolean;
}

function choice<T extends string>(flag: string, values: readonly T[]) {
  return (v: string): T => {
    if (!(values as readonly string[]).includes(v)) throw new InvalidArgumentError(`${flag} must be one of ${values.join(', ')}, got "${v}"`);
    return v as T;
  };
}

/**
 * The whole paper as resumable stages (protocol §1–9): each stage's folder under --out keeps its
 * artifacts and a record of its inputs, so an unchanged stage is skipped and a killed run continues
 * where it stopped (training from its checkpoint, BO from its log).
 */
async function reproduce(options: Options): Promise<void> {
  const preset = PRESETS[options.preset];
  // Every model the stages load picks the backend up from here (workers included).
  if (options.backend) process.env['OPNAS_BACKEND'] = options.backend;
  const backend = process.env['OPNAS_BACKEND'] ?? 'wasm';
  const workers = options.workers ?? Math.min(availableParallelism(), 2);
  const evaluator = options.boEvaluator ?? (options.boMode === 'pool' ? 'lookup' : 'enas-surrogate');
  const bo: BoSettings = { mode: options.boMode, evaluator, ...(options.boCmd === undefined ? {} : { command: resolve(options.boCmd) }) };
  if (bo.evaluator === 'command' && bo.command === undefined) throw new Error('--bo-evaluator command needs --bo-cmd PATH');
  if (bo.mode === 'pool' && bo.evaluator !== 'lookup' && bo.evaluator !== 'enas-surrogate')
    throw new Error('--bo-mode pool scores dataset architectures: use --bo-evaluator lookup or enas-surrogate (surrogate and command evaluators go with --bo-mode latent)');
  if (bo.mode === 'latent' && bo.evaluator === 'lookup')
    throw new Error('--bo-mode latent decodes new architectures the dataset cannot score: use --bo-evaluator enas-surrogate, surrogate or command');

  const out = resolve(options.out ?? join('runs', preset.name));
  await mkdir(out, { recursive: true });
  const log = (line: string) => process.stderr.write(`[reproduce] ${line}\n`);
  log(`preset ${preset.name}: ${preset.description}`);
  log(`output: ${out} · backend ${backend} · ${workers} worker(s)`);
  const dataset = await loadData(options.data);
  const seconds: Record<string, number> = {};
  const stage = async <T>(name: string, inputs: unknown, run: (dir: string) => Promise<T>): Promise<Located<T>> => {
    const done = await runStage(out, name, inputs, run, log);
    seconds[name] = done.seconds;
    return { result: done.result, dir: name };
  };

  const data = await stage('1-data', { sha256: dataset.sha256 }, async () => dataStage(dataset));

  // Stage keys chain: a model's later stages depend on the key of its training stage.
  const trainKeys = new Map<ModelName, string>();
  const trained: Located<TrainResult>[] = [];
  for (const model of preset.models) {
    const inputs = {
      sha256: dataset.sha256,
      model,
      hidden: preset.hidden,
      latent: preset.latent,
      epochs: preset.epochs,
      iterations: model === 'dvae-emb' ? preset.embIterations : 1,
      trainGraphs: preset.trainGraphs,
      // Runs trained with the paper's protocol keep their old keys (and so their caches).
      ...(preset.recipe === null ? {} : { recipe: preset.recipe }),
    };
    // The backend is not part of the key: a run trained on one backend is reused (or resumed) on another.
    trainKeys.set(model, stageKey(inputs));
    trained.push(await stage(`2-train-${model}`, inputs, (dir) => trainStage(model, preset, dataset.path, workers, dir, log)));
  }
  const runs = trained.map((t) => ({ model: t.result.model, run: join(out, t.dir, t.result.run) }));
  const runOf = (model: ModelName) => runs.find((r) => r.model === model)!.run;

  const table1 = await stage('3-table1', { trainKeys: [...trainKeys], decodings: preset.evalDecodings, points: preset.evalPoints }, () =>
    table1Stage(runs, preset, dataset.path, workers, log),
  );

  const table2: Table2Result[] = [];
  for (const model of preset.models) {
    const inputs = { train: trainKeys.get(model), inducing: preset.sgpInducing, epochs: preset.sgpEpochs, seeds: preset.sgpSeeds };
    table2.push((await stage(`4-table2-${model}`, inputs, () => table2Stage(model, runOf(model), preset, log))).result);
  }

  const boResults: Located<BoResult>[] = [];
  const trainingFlats = new Set(dataset.train.map((g) => g.flat.trim().split(/\s+/).join(' ')));
  for (const model of searchModels(preset)) {
    const inputs = {
      train: trainKeys.get(model),
      bo,
      seeds: preset.boSeeds,
      rounds: preset.boRounds,
      batch: preset.boBatch,
      initial: preset.boInitial,
      inducing: preset.sgpInducing,
      epochs: preset.sgpEpochs,
      // absent when cold, so that runs of the reference protocol keep their keys
      ...(preset.boWarmStartEpochs === null ? {} : { warmStart: preset.boWarmStartEpochs }),
    };
    // version 2: the result gained per-query curves and decode counts
    boResults.push(await stage(`5-bo-${model}`, { ...inputs, version: 2 }, (dir) => boStage(model, runOf(model), preset, bo, dataset.path, trainingFlats, dir, log)));
  }
  // The baselines run on the same evaluator as BO: only the ENAS surrogate scores any architecture they propose.
  const baselines =
    bo.evaluator === 'enas-surrogate' && searchModels(preset).length > 0
      ? await stage(
          '5-search-baselines',
          {
            evaluator: 'enas-surrogate-v1',
            seeds: preset.boSeeds,
            rounds: preset.boRounds,
            batch: preset.boBatch,
            evolution: evolutionSizes(preset.boRounds * preset.boBatch),
            version: 1,
          },
          (dir) => searchBaselinesStage(preset, dir, log),
        )
      : null;

  const graphStats = await stage('6-graph-stats', { sha256: dataset.sha256, version: 1 }, (dir) => graphStatsStage(dataset, dir));

  const maps = await stage(
    '7-maps',
    {
      trainKeys: [...trainKeys],
      bo: boResults.map((b) => stageKey(b.result)),
      ...(baselines ? { baselines: stageKey(baselines.result) } : {}),
      split: preset.tsneSplit,
      iterations: preset.tsneIterations,
    },
    (dir) =>
      mapsStage(
        runs,
        searchModels(preset),
        boResults.map((b) => b.result),
        baselines?.result ?? null,
        preset,
        dir,
        log,
      ),
  );
  // Figures of BO live in their stage folders; the report addresses them from the output root.
  const boLocated = boResults.map((b) => ({ ...b, result: { ...b.result, top: b.result.top.map((t) => ({ ...t, svg: `${b.dir}/${t.svg}` })) } }));

  const report = renderReport({
    preset,
    data: data.result,
    train: trained,
    table1: table1.result,
    table2,
    bo: boLocated,
    baselines,
    graphStats,
    maps,
    stageSeconds: seconds,
    ...(options.data === undefined ? {} : { dataOption: resolve(options.data) }),
    environment: {
      backend,
      workers,
      cpu: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
      node: process.versions.node,
      finished: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    },
  });
  const files = await writeReport(out, report);
  log(`wrote ${files.markdown} and ${files.html}`);
  const summary = {
    preset: preset.name,
    out,
    report: files,
    table1: table1.result.rows.map((r) => ({ model: r.model, ...r.metrics })),
    table2: table2.map((t) => ({ model: t.model, rmse: t.rmse, pearson: t.pearson })),
    bo: boResults.map((b) => ({ model: b.result.model, best: b.result.top[0] ?? null })),
    graphStats: { pearson: graphStats.result.pearson, spearman: graphStats.result.spearman },
    seconds,
  };
  if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else process.stdout.write(`${report}\n`);
}

const program = new Command('reproduce')
  .description('Reproduce the paper end to end as resumable stages with cached artifacts, and write REPORT.md / REPORT.html.')
  .option('--preset <name>', Object.keys(PRESETS).join(' | '), choice('--preset', Object.keys(PRESETS) as Preset['name'][]), 'smoke' as Preset['name'])
  .option('--out <dir>', 'output folder (default: runs/<preset>)')
  .option('--data <path>', 'ENAS data file (default: OPNAS_ENAS_DATA, the shared copy beside this clone, the cache, or a verified download)')
  .option(
    '--backend <name>',
    'TensorFlow.js backend: wasm (default), cpu, webgpu (needs the webgpu and @tensorflow/tfjs-backend-webgpu packages and a GPU; see docs/guides/gpu.md), or tensorflow (needs @tensorflow/tfjs-node-gpu; untested in CI)',
    choice('--backend', ['wasm', 'cpu', 'webgpu', 'tensorflow'] as const),
  )
  .option('--workers <n>', 'worker threads for training and evaluation (default: up to 2)', positiveInteger('--workers'))
  .option(
    '--bo-mode <mode>',
    "latent (the paper's protocol: EI in the latent box, decode new points) or pool (search the encoded dataset)",
    choice('--bo-mode', ['pool', 'latent'] as const),
    'latent' as const,
  )
  .option(
    '--bo-evaluator <kind>',
    'enas-surrogate (the ENAS surrogate benchmark; default in latent mode, with the random-search and evolution baselines), lookup (exact scores; pool mode default), surrogate or command (latent mode)',
    choice('--bo-evaluator', ['lookup', 'surrogate', 'command', 'enas-surrogate'] as const),
  )
  .option('--bo-cmd <path>', 'with --bo-evaluator command: executable run as `PATH FLAT`, printing the accuracy')
  .option('--json', 'print a JSON summary instead of the report')
  .action(reproduce);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`reproduce: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exitCode = 1;
});
