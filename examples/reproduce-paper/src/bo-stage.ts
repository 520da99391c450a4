import { basename, join } from 'node:path';
import type { BoReport } from '@opnas/cli';
import { commandLine, opnas } from './opnas.js';
import type { ModelName, Preset } from './presets.js';

/** How stage 5 scores architectures (`opnas bo --mode/--evaluator/--cmd`). */
export interface BoSettings {
  readonly mode: 'pool' | 'latent';
  readonly evaluator: 'lookup' | 'surrogate' | 'command';
  readonly command?: string;
}

interface MeanSd {
  readonly mean: number;
  readonly sd: number;
}

/** Stage 5 for one model: the BO and random arms per round, and the best architectures found. */
export interface BoResult {
  readonly model: ModelName;
  readonly settings: BoSettings;
  readonly scoreLabel: string;
  readonly surrogate: boolean;
  readonly rounds: readonly {
    readonly round: number;
    readonly boBestSoFar: MeanSd | null;
    readonly boBatchMean: MeanSd | null;
    readonly randomBestSoFar: MeanSd | null;
    readonly testRmse: MeanSd | null;
    readonly testPearson: MeanSd | null;
  }[];
  /** Best-so-far per seed, round and arm (the data of the BO-curve figure). */
  readonly curves: readonly { readonly arm: string; readonly seed: number; readonly round: number; readonly bestSoFar: number }[];
  readonly top: readonly {
    readonly rank: number;
    readonly architecture: string;
    readonly accuracy: number;
    readonly datasetAccuracy: number | null;
    /** Which arm found it first. */
    readonly arm: 'bo' | 'random';
    /** Drawing, relative to the stage folder. */
    readonly svg: string;
  }[];
  readonly command: string;
}

/**
 * Stage 5, one model: batch Bayesian optimisation in the model's latent space (protocol §7) beside
 * the random baseline. Pool mode with the lookup evaluator is the default: it searches the
 * encoded architectures the dataset can score exactly. Latent mode decodes new points with the
 * trained decoder and needs the surrogate (marked as such everywhere) or a user's command. A
 * killed stage continues from its JSON-lines log.
 */
export async function boStage(model: ModelName, run: string, preset: Preset, settings: BoSettings, dataPath: string, dir: string, log: (line: string) => void): Promise<BoResult> {
  const args = [
    'bo',
    '--run',
    run,
    '--mode',
    settings.mode,
    '--evaluator',
    settings.evaluator,
    ...(settings.command === undefined ? [] : ['--cmd', settings.command]),
    '--rounds',
    String(preset.boRounds),
    '--batch',
    String(preset.boBatch),
    '--seeds',
    String(preset.boSeeds),
    '--inducing',
    String(preset.sgpInducing),
    '--epochs',
    String(preset.sgpEpochs),
    ...(settings.mode === 'pool' ? ['--initial', String(preset.boInitial)] : []),
    '--top',
    '5',
    '--data',
    dataPath,
    '--out',
    dir,
  ];
  const report = await opnas<BoReport>(args, log);
  const curves = report.rounds.flatMap((r) => [
    ...(r.bo.best ? [{ arm: `${model} BO`, seed: r.seed, round: r.round + 1, bestSoFar: r.bo.best.accuracy }] : []),
    ...(r.random?.best ? [{ arm: `${model} random`, seed: r.seed, round: r.round + 1, bestSoFar: r.random.best.accuracy }] : []),
  ]);
  return {
    model,
    settings,
    scoreLabel: report.scoreLabel,
    surrogate: report.evaluator.surrogate,
    rounds: report.summary.rounds.map((r) => ({
      round: r.round + 1,
      boBestSoFar: r.bo.bestSoFar,
      boBatchMean: r.bo.meanAccuracy,
      randomBestSoFar: r.random?.bestSoFar ?? null,
      testRmse: r.testRmse,
      testPearson: r.testPearson,
    })),
    curves,
    top: report.top.map((t) => ({ rank: t.rank, architecture: t.architecture, accuracy: t.accuracy, datasetAccuracy: t.datasetAccuracy, arm: t.arm, svg: basename(t.svg) })),
    command: commandLine(
      args.map((a) => (a === run ? join('runs', model) : a === dir ? join('runs', model, `bo-${settings.mode}`) : a === dataPath ? 'final_structures6.txt' : a)),
    ),
  };
}
