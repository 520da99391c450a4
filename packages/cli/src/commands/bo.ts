import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  BayesOptArgumentError,
  BayesOptLogError,
  type BoProblem,
  type BoRoundRecord,
  type BoSummary,
  CachedEvaluator,
  type Evaluator,
  type LatentDecoder,
  commandEvaluator,
  fitFeatureSurrogate,
  initialSplit,
  lookupEvaluator,
  runBayesOpt,
  sgpFitter,
  summariseBayesOpt,
  surrogateEvaluator,
} from '@opnas/bayesopt';
import { enasFlatToDag, toSvg } from '@opnas/dag';
import { AccuracyLookup, type EnasDataset } from '@opnas/enas-data';
import { enasSurrogateEvaluator } from '@opnas/enas-surrogate';
import { type LatentsFile, readLatents } from '@opnas/latents';
import { SgpArgumentError, SgpNumericalError } from '@opnas/sgp';
import type { Command } from 'commander';
import { DATA_DEFAULT_HELP, loadDataOption } from '../data-option.js';
import { CliError, type CliIo, emit, progressLine } from '../output.js';
import { oneOf, positiveInteger } from '../parse-options.js';
import { SPACE_NAMES, type SpaceName } from '../space-dataset.js';
import { runFile } from '../run-layout.js';

/**
 * Finds the decoder of a trained run for latent-mode BO. The training command registers one
 * (it knows how its models are stored); it returns undefined for a directory it does not own.
 * The decoder decodes each latent point `attempts` times (protocol §7.4) from the `seed` it is given.
 */
export type RunDecoderLoader = (runDir: string) => Promise<LatentDecoder | undefined>;

const decoderLoaders: RunDecoderLoader[] = [];

/** The hook latent mode takes its decoder through (filled in by the training issue). */
export function registerRunDecoderLoader(loader: RunDecoderLoader): void {
  if (!decoderLoaders.includes(loader)) decoderLoaders.push(loader);
}

/** The JSON `opnas bo --json` prints. */
export interface BoReport {
  readonly run: string;
  readonly out: string;
  readonly mode: 'latent' | 'pool';
  readonly evaluator: { readonly kind: string; readonly label: string; readonly surrogate: boolean };
  /** What every accuracy in this report is. */
  readonly scoreLabel: string;
  readonly log: string;
  readonly rounds: readonly BoRoundRecord[];
  readonly summary: BoSummary;
  readonly top: readonly {
    readonly rank: number;
    readonly architecture: string;
    readonly accuracy: number;
    /** The dataset's label, when the architecture is one of the 20,015 labelled ones. */
    readonly datasetAccuracy: number | null;
    readonly seed: number;
    readonly round: number;
    readonly arm: 'bo' | 'random';
    readonly svg: string;
  }[];
}

interface BoCommandOptions {
  run: string;
  evaluator: 'lookup' | 'surrogate' | 'command' | 'enas-surrogate';
  cmd?: string;
  rounds: number;
  batch: number;
  seeds: number;
  mode: 'latent' | 'pool';
  acquisition: 'ei' | 'ucb' | 'thompson';
  policy: 'mostCommon' | 'firstValid';
  attempts: number;
  grid: number;
  inducing: number;
  epochs: number;
  initial: number;
  pool: 'train' | 'test';
  top: number;
  timeout: number;
  concurrency: number;
  surrogateInducing: number;
  surrogateEpochs: number;
  randomBaseline: boolean;
  warmStart?: number;
  threads?: number;
  out?: string;
  data?: string;
  space?: SpaceName;
  json?: boolean;
}

const f4 = (v: number | null | undefined) => (v === null || v === undefined ? '   -  ' : v.toFixed(4));

function roundLine(r: BoRoundRecord, rounds: number, surrogate: boolean): string {
  const tag = surrogate ? ' (SURROGATE)' : '';
  const b = r.bo.batch;
  const parts = [`batch mean ${f4(b.meanAccuracy)} max ${f4(b.maxAccuracy)} (${b.scored}/${r.bo.architectures.length} scored)${tag}`, `best so far ${f4(r.bo.best?.accuracy)}`];
  if (r.random) parts.push(`random: mean ${f4(r.random.batch.meanAccuracy)} max ${f4(r.random.batch.maxAccuracy)} best ${f4(r.random.best?.accuracy)}`);
  parts.push(`test RMSE ${f4(r.metrics.testRmse)} r ${f4(r.metrics.testPearson)}`);
  return `seed ${r.seed} round ${r.round + 1}/${rounds}: ${parts.join(' · ')}`;
}

function formatReport(r: BoReport): string {
  const lines = [
    `opnas bo: ${r.mode} mode on ${r.run}; scores are ${r.scoreLabel}`,
    `per round, mean ± sd over seeds:`,
    `round  BO batch mean      BO batch max       BO best so far     random best so far   test RMSE   test r`,
  ];
  const ms = (v: { mean: number; sd: number } | null | undefined) => (v ? `${v.mean.toFixed(4)} ± ${v.sd.toFixed(4)}` : '        -       ');
  for (const s of r.summary.rounds) {
    lines.push(
      `${String(s.round + 1).padStart(5)}  ${ms(s.bo.meanAccuracy)}  ${ms(s.bo.maxAccuracy)}  ${ms(s.bo.bestSoFar)}  ${ms(s.random?.bestSoFar)}    ${f4(s.testRmse?.mean)}      ${f4(s.testPearson?.mean)}`,
    );
  }
  lines.push(`top ${r.top.length} distinct architectures (${r.evaluator.surrogate ? 'SURROGATE-predicted, not measured' : r.evaluator.kind} scores):`);
  for (const t of r.top) {
    const label = t.datasetAccuracy === null ? 'not in dataset' : `dataset ${t.datasetAccuracy.toFixed(4)}`;
    lines.push(`${String(t.rank).padStart(3)}. ${t.accuracy.toFixed(4)}  ${t.architecture}  (${label}; seed ${t.seed} round ${t.round + 1} ${t.arm})  ${t.svg}`);
  }
  lines.push(`log: ${r.log}`);
  return lines.join('\n');
}

/**
 * Pool mode's initial data and pool. `source` 'train': the training latents split into `initial`
 * labelled ones and a pool of the rest. 'test' (the protocol NAS papers run, as arch2vec and
 * NASLib do): every training latent with its label to start from, and the test latents — the
 * architectures the model never saw in training — as the pool.
 */
function poolProblem(latents: LatentsFile, dataset: EnasDataset, initial: number, runDir: string, source: 'train' | 'test' = 'train'): Pick<BoProblem, 'train' | 'pool'> {
  const { train } = latents;
  const dim = train.dim;
  if (source === 'test') {
    const { test } = latents;
    if (test.count === 0) throw new CliError(`bo: --pool test needs test latents, ${runDir} has none`, 2);
    const all = (split: LatentsFile['train'], where: string) => ({
      x: { rows: split.count, cols: dim, data: Float64Array.from(split.mu) },
      accuracy: Float64Array.from(split.accuracy),
      flats: Array.from(split.index, (i) => {
        const g = dataset.graphs[i];
        if (!g) throw new CliError(`bo: ${where} index ${i} is outside the dataset's ${dataset.graphs.length} graphs`);
        return g.flat;
      }),
    });
    const pool = all(test, 'test');
    return { train: all(train, 'train'), pool: { x: pool.x, flats: pool.flats } };
  }
  if (initial >= train.count) {
    throw new CliError(`bo: --initial ${initial} leaves no pool: ${runDir} has ${train.count} training latents`, 2);
  }
  const flatOf = (index: number, where: string) => {
    const g = dataset.graphs[index];
    if (!g) throw new CliError(`bo: ${where} index ${index} is outside the dataset's ${dataset.graphs.length} graphs`);
    return g.flat;
  };
  const pick = (rows: number[]) => ({
    x: { rows: rows.length, cols: dim, data: Float64Array.from(rows.flatMap((i) => Array.from(train.mu.subarray(i * dim, (i + 1) * dim)))) },
    accuracy: Float64Array.from(rows, (i) => train.accuracy[i]!),
    flats: rows.map((i) => flatOf(train.index[i]!, 'train')),
  });
  // a fixed split (seed 0) so every seed and every resumed run starts from the same data
  const split = initialSplit(train.count, initial, 0);
  const init = pick(split.initial);
  const rest = pick(split.rest);
  return { train: init, pool: { x: rest.x, flats: rest.flats } };
}

/**
 * `opnas bo`: batch Bayesian optimisation (protocol §7) from a run directory's latents. Pool mode
 * searches the encoded labelled architectures (fully measured with `--evaluator lookup`); latent
 * mode needs the run's decoder (see {@link registerRunDecoderLoader}).
 */
export function registerBoCommand(program: Command, io: CliIo): void {
  program
    .command('bo')
    .description("batch Bayesian optimisation in a trained model's latent space (protocol §7), with lookup, surrogate or command evaluators")
    .requiredOption('--run <dir>', 'run directory holding latents.safetensors (and, for latent mode, a trained decoder)')
    .requiredOption(
      '--evaluator <kind>',
      'lookup, surrogate (a sparse GP fitted on the labels now), command, or enas-surrogate (the shipped @opnas/enas-surrogate benchmark)',
      oneOf('--evaluator', ['lookup', 'surrogate', 'command', 'enas-surrogate'] as const),
    )
    .option('--cmd <path>', 'with --evaluator command: executable run as `PATH FLAT`, printing the accuracy as its last stdout line')
    .option('--mode <mode>', 'latent (select in the box, decode) or pool (select among encoded architectures)', oneOf('--mode', ['latent', 'pool'] as const), 'latent')
    .option('--rounds <n>', 'BO rounds', positiveInteger('--rounds'), 10)
    .option('--batch <n>', 'points per round', positiveInteger('--batch'), 50)
    .option('--seeds <n>', 'repetitions with seeds 1..n', positiveInteger('--seeds'), 10)
    .option('--acquisition <kind>', 'ei, ucb or thompson', oneOf('--acquisition', ['ei', 'ucb', 'thompson'] as const), 'ei')
    .option('--policy <policy>', 'decoding policy: mostCommon (intended) or firstValid (the reference)', oneOf('--policy', ['mostCommon', 'firstValid'] as const), 'mostCommon')
    .option('--attempts <n>', 'stochastic decodings per latent point', positiveInteger('--attempts'), 500)
    .option('--grid <n>', 'uniform grid points for the acquisition', positiveInteger('--grid'), 10_000)
    .option('--inducing <M>', 'inducing points of the SGP', positiveInteger('--inducing'), 500)
    .option('--epochs <n>', 'Adam epochs per SGP fit', positiveInteger('--epochs'), 100)
    .option('--initial <n>', 'pool mode with --pool train: training latents evaluated before the search (the rest form the pool)', positiveInteger('--initial'), 100)
    .option(
      '--pool <split>',
      'pool mode: train (split the training latents into --initial and the pool) or test (start from every training label, search the test architectures)',
      oneOf('--pool', ['train', 'test'] as const),
      'train',
    )
    .option('--top <k>', 'distinct architectures to report and draw', positiveInteger('--top'), 15)
    .option('--timeout <seconds>', 'command evaluator: time limit per run', positiveInteger('--timeout'), 24 * 3600)
    .option('--concurrency <n>', 'command evaluator: runs at once', positiveInteger('--concurrency'), 1)
    .option('--surrogate-inducing <M>', 'surrogate evaluator: inducing points', positiveInteger('--surrogate-inducing'), 200)
    .option('--surrogate-epochs <n>', 'surrogate evaluator: Adam epochs', positiveInteger('--surrogate-epochs'), 20)
    .option('--no-random-baseline', 'skip the random-baseline arm (protocol §7.6)')
    .option(
      '--warm-start <epochs>',
      "start each round's SGP fit from the previous round's parameters and run it for this many epochs (not the reference, which refits from scratch; see benchmarks/bo-warm-start.bench.ts)",
      positiveInteger('--warm-start'),
    )
    .option('--threads <n>', 'threads for the SGP kernels (default: up to 2)', positiveInteger('--threads'))
    .option('--out <dir>', 'output directory: log, evaluation cache, drawings (default: RUN/bo-MODE-EVALUATOR)')
    .option('--data <path>', `ENAS data file (default: ${DATA_DEFAULT_HELP})`)
    .option('--space <name>', "the run's search space: enas6 | nb101 | nb201; default enas6 (the only one BO searches so far)", oneOf('--space', SPACE_NAMES))
    .option('--json', 'print JSON')
    .action(async (o: BoCommandOptions) => {
      const space = o.space ?? 'enas6';
      if (space !== 'enas6') {
        // @opnas/bayesopt's lookup and surrogate evaluators, the pool and the drawings read ENAS-6
        // flat strings; a space goes through once its evaluators take a SearchSpace.
        throw new CliError(
          `bo: --space ${space} is not supported yet: BO's evaluators (lookup, surrogate, command), the pool and the drawings take ENAS-6 architectures only; train, eval and encode --arch take ${space}`,
          2,
        );
      }
      const runDir = resolve(o.run);
      if (o.evaluator === 'command' && !o.cmd) throw new CliError('bo: --evaluator command needs --cmd PATH', 2);
      if (o.evaluator !== 'command' && o.cmd) throw new CliError('bo: --cmd is only used with --evaluator command', 2);
      const latentsPath = runFile(runDir, 'latents');
      let latents: LatentsFile;
      try {
        latents = await readLatents(latentsPath);
      } catch (error) {
        throw new CliError(`bo: ${(error as Error).message}`);
      }
      let decoder: LatentDecoder | undefined;
      if (o.mode === 'latent') {
        for (const load of decoderLoaders) {
          decoder = await load(runDir);
          if (decoder) break;
        }
        if (!decoder) {
          throw new CliError(
            `bo: ${runDir} has no decoder: latent mode decodes the selected points with the run's trained model, and no decoder loader recognises this run (none is registered until training provides one); use --mode pool to search the encoded architectures`,
          );
        }
      }
      const dataset = await loadDataOption(io, o.data);
      const sha = latents.metadata['dataSha256'];
      if (sha && sha !== dataset.sha256) {
        throw new CliError(`bo: ${latentsPath} was made from data with sha256 ${sha.slice(0, 12)}…, but ${dataset.path} has ${dataset.sha256.slice(0, 12)}…`);
      }
      const lookup = new AccuracyLookup(dataset.records);
      const out = resolve(o.out ?? join(runDir, `bo-${o.mode}-${o.evaluator}`));
      await mkdir(out, { recursive: true });

      let inner: Evaluator;
      if (o.evaluator === 'lookup') inner = lookupEvaluator(lookup);
      else if (o.evaluator === 'command') {
        inner = commandEvaluator(resolve(o.cmd!), {
          timeoutMs: o.timeout * 1000,
          concurrency: o.concurrency,
          onResult: (r) => io.stderr(`bo: ${r.ok ? `scored ${r.accuracy}` : `failed (${r.reason})`} for ${r.flat} (try ${r.attempt}, ${r.seconds.toFixed(1)} s)\n`),
        });
      } else if (o.evaluator === 'enas-surrogate') {
        // fitted once on every labelled architecture, independent of any VAE (issue #15 item 1)
        inner = await enasSurrogateEvaluator();
      } else {
        io.stderr(`bo: fitting the SURROGATE oracle on ${lookup.size} labelled architectures (M = ${o.surrogateInducing}, ${o.surrogateEpochs} epochs)\n`);
        try {
          inner = surrogateEvaluator(
            await fitFeatureSurrogate(lookup.entries(), {
              inducingPoints: o.surrogateInducing,
              epochs: o.surrogateEpochs,
              seed: 1,
              ...(o.threads === undefined ? {} : { threads: o.threads }),
            }),
          );
        } catch (error) {
          if (error instanceof SgpArgumentError || error instanceof SgpNumericalError) throw new CliError(`bo: surrogate: ${error.message}`);
          throw error;
        }
      }
      const evaluator = await new CachedEvaluator(inner, join(out, 'evaluations.jsonl')).load();

      const { train, test } = latents;
      const toMatrix = (split: LatentsFile['train']) => ({ rows: split.count, cols: split.dim, data: Float64Array.from(split.mu) });
      const base = o.mode === 'pool' ? poolProblem(latents, dataset, o.initial, runDir, o.pool) : { train: { x: toMatrix(train), accuracy: train.accuracy } };
      const problem: BoProblem = {
        ...base,
        ...(test.count > 0 ? { test: { x: toMatrix(test), accuracy: test.accuracy } } : {}),
        evaluator,
        ...(decoder ? { decoder } : {}),
      };
      const logPath = join(out, 'log.jsonl');
      const seeds = Array.from({ length: o.seeds }, (_, i) => i + 1);
      let fitting = '';
      let run;
      try {
        run = await runBayesOpt(problem, {
          mode: o.mode,
          rounds: o.rounds,
          batchSize: o.batch,
          seeds,
          acquisition: o.acquisition,
          decodingPolicy: o.policy,
          attempts: o.attempts,
          gridSize: o.grid,
          randomBaseline: o.randomBaseline,
          ...(o.warmStart === undefined ? {} : { warmStart: true }),
          logPath,
          fit: sgpFitter({
            inducingPoints: o.inducing,
            epochs: o.epochs,
            ...(o.warmStart === undefined ? {} : { warmStartEpochs: o.warmStart }),
            ...(o.threads === undefined ? {} : { threads: o.threads }),
            onProgress: (p) => {
              if (io.isTty) progressLine(io, `bo: ${fitting} SGP epoch ${p.epoch}/${p.epochs} step ${p.step}/${p.totalSteps} ${p.elapsedSeconds.toFixed(0)} s`);
            },
          }),
          onProgress: (e) => {
            if (e.type === 'phase') {
              if (e.phase === 'fit' && io.isTty) io.stderr('\r\u001b[K');
              if (e.seconds >= 1) io.stderr(`bo: seed ${e.seed} round ${e.round + 1}: ${e.phase} ${e.seconds.toFixed(1)} s\n`);
              if (e.phase === 'random') fitting = '';
              return;
            }
            fitting = `seed ${e.record.seed} round ${e.record.round + 2}:`;
            const line = `${roundLine(e.record, o.rounds, evaluator.surrogate)}${e.resumed ? ' (from the log)' : ''}`;
            if (o.json) io.stderr(`bo: ${line}\n`);
            else io.stdout(`${line}\n`);
          },
        });
      } catch (error) {
        if (error instanceof BayesOptArgumentError || error instanceof BayesOptLogError || error instanceof SgpArgumentError || error instanceof SgpNumericalError) {
          throw new CliError(`bo: ${error.message}`);
        }
        throw error;
      }
      const summary = summariseBayesOpt(run, { top: o.top });
      const top: BoReport['top'][number][] = [];
      for (const [k, t] of summary.top.entries()) {
        const svg = join(out, `top-${String(k + 1).padStart(2, '0')}.svg`);
        const what = evaluator.surrogate ? 'SURROGATE-predicted' : o.evaluator;
        const text = toSvg(enasFlatToDag(t.architecture), { title: `#${k + 1}  ${t.architecture}  ${what} accuracy ${t.accuracy.toFixed(4)}` });
        await writeFile(`${svg}.tmp`, text);
        await rename(`${svg}.tmp`, svg);
        top.push({
          rank: k + 1,
          architecture: t.architecture,
          accuracy: t.accuracy,
          datasetAccuracy: lookup.get(t.architecture) ?? null,
          seed: t.seed,
          round: t.round,
          arm: t.arm,
          svg,
        });
      }
      const report: BoReport = {
        run: runDir,
        out,
        mode: o.mode,
        evaluator: { kind: evaluator.kind, label: evaluator.label, surrogate: evaluator.surrogate },
        scoreLabel: summary.scoreLabel,
        log: logPath,
        rounds: run.rounds,
        summary,
        top,
      };
      emit(io, o.json, report, formatReport);
    });
}
