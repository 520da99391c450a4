import { basename, join } from 'node:path';
import type { BoReport } from '@opnas/cli';
import { commandLine, opnas } from './opnas.js';
import type { ModelName, Preset } from './presets.js';
import { PAPER_NAMES } from './report.js';

/**
 * How stage 5 scores architectures (`opnas bo --mode/--evaluator/--cmd`). The default is the
 * paper's protocol (issue #15 item 2): latent mode, scored by the ENAS surrogate benchmark.
 */
export interface BoSettings {
  readonly mode: 'pool' | 'latent';
  readonly evaluator: 'lookup' | 'surrogate' | 'command' | 'enas-surrogate';
  readonly command?: string;
}

/** One best-so-far value of a search arm after a number of queries (the data of the per-query figure). */
export interface QueryCurvePoint {
  readonly arm: string;
  readonly seed: number;
  /** Queries spent (1-based). */
  readonly query: number;
  readonly bestSoFar: number;
}

/** What the decoded architectures of an arm were (latent mode; pool picks are all valid, known architectures). */
interface DecodeCounts {
  readonly arm: 'bo' | 'random';
  /** Points decoded. */
  readonly points: number;
  /** Decoded into a valid ENAS architecture. */
  readonly valid: number;
  /** Valid and not among the training split's architectures. */
  readonly novel: number;
  /** Valid and already in the training split. */
  readonly inTraining: number;
  /** Distinct valid architectures. */
  readonly distinct: number;
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
  /** Best-so-far per query of the BO arm, per seed (queries in the order each batch was scored). */
  readonly queryCurves: readonly QueryCurvePoint[];
  /** The decodes of the BO and random arms, over every seed and round. */
  readonly decodes: readonly DecodeCounts[];
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

interface ArmRecord {
  readonly architectures: readonly (string | null)[];
  readonly outcomes: readonly { readonly status: string; readonly accuracy?: number }[];
  readonly best: { readonly accuracy: number } | null;
}

/** Whitespace-normalised flat string (protocol §1.4), as the dataset and the decoder write it. */
const normalise = (flat: string) => flat.trim().split(/\s+/).join(' ');

/** Best-so-far per query of one arm, seed by seed, from the rounds in (seed, round) order. */
function queryCurves(rounds: BoReport['rounds'], arm: 'bo' | 'random', label: string): QueryCurvePoint[] {
  const out: QueryCurvePoint[] = [];
  const state = new Map<number, { query: number; best: number | null }>();
  for (const r of [...rounds].sort((a, b) => a.seed - b.seed || a.round - b.round)) {
    const record = r[arm];
    if (!record) continue;
    const s = state.get(r.seed) ?? { query: 0, best: null };
    state.set(r.seed, s);
    for (const o of record.outcomes) {
      s.query++;
      if (o.status === 'scored' && o.accuracy !== undefined && (s.best === null || o.accuracy > s.best)) s.best = o.accuracy;
      if (s.best !== null) out.push({ arm: label, seed: r.seed, query: s.query, bestSoFar: s.best });
    }
  }
  return out;
}

/** Valid / novel / already-in-training counts of an arm's decodes. */
function decodeCounts(rounds: BoReport['rounds'], arm: 'bo' | 'random', training: ReadonlySet<string>): DecodeCounts {
  let points = 0;
  let valid = 0;
  let inTraining = 0;
  const distinct = new Set<string>();
  for (const r of rounds) {
    for (const a of r[arm]?.architectures ?? []) {
      points++;
      if (a === null) continue;
      valid++;
      const flat = normalise(a);
      distinct.add(flat);
      if (training.has(flat)) inTraining++;
    }
  }
  return { arm, points, valid, novel: valid - inTraining, inTraining, distinct: distinct.size };
}

/**
 * Stage 5, one model: batch Bayesian optimisation in the model's latent space (protocol §7) beside
 * the random baseline. The default is the paper's protocol: a sparse GP on all training latents,
 * rounds of batched EI in the latent box, decoded by the trained decoder and scored by the ENAS
 * surrogate benchmark (marked SURROGATE everywhere), refit. Pool mode (`--bo-mode pool`, lookup
 * evaluator) searches the encoded architectures the dataset can score exactly. A killed stage
 * continues from its JSON-lines log.
 */
export async function boStage(
  model: ModelName,
  run: string,
  preset: Preset,
  settings: BoSettings,
  dataPath: string,
  trainingFlats: ReadonlySet<string>,
  dir: string,
  log: (line: string) => void,
): Promise<BoResult> {
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
    ...(preset.boWarmStartEpochs === null ? [] : ['--warm-start', String(preset.boWarmStartEpochs)]),
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
    queryCurves: queryCurves(report.rounds, 'bo', `${PAPER_NAMES[model]} BO`),
    decodes: [decodeCounts(report.rounds, 'bo', trainingFlats), ...(report.rounds.some((r) => r.random) ? [decodeCounts(report.rounds, 'random', trainingFlats)] : [])],
    top: report.top.map((t) => ({ rank: t.rank, architecture: t.architecture, accuracy: t.accuracy, datasetAccuracy: t.datasetAccuracy, arm: t.arm, svg: basename(t.svg) })),
    command: commandLine(
      args.map((a) => (a === run ? join('runs', model) : a === dir ? join('runs', model, `bo-${settings.mode}`) : a === dataPath ? 'final_structures6.txt' : a)),
    ),
  };
}
