import { readFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES } from '@opnas/train';
import { commandLine, opnas } from './opnas.js';
import { recipeArguments } from './presets.js';
import type { ModelName, Preset } from './presets.js';

/** What stage 2 records for one model. */
export interface TrainResult {
  readonly model: ModelName;
  /** Run folder, relative to the stage folder. */
  readonly run: string;
  readonly iterations: number;
  readonly epochs: number;
  /** Final epoch's losses per graph. */
  readonly last: { readonly total: number; readonly recon: number; readonly kl: number };
  /** Mean wall time of an epoch. */
  readonly secondsPerEpoch: number;
  readonly command: string;
}

interface LogEntry {
  readonly iteration: number;
  readonly epoch: number;
  readonly total: number;
  readonly recon: number;
  readonly kl: number;
  readonly seconds: number;
}

/** The `opnas train` arguments of a model at a preset's scale. */
export function trainArguments(model: ModelName, preset: Preset, dataPath: string, run: string, workers: number): string[] {
  return [
    'train',
    '--model',
    model,
    '--hidden',
    String(preset.hidden),
    '--latent',
    String(preset.latent),
    '--epochs',
    String(preset.epochs),
    '--iterations',
    String(model === 'dvae-emb' ? preset.embIterations : 1),
    ...recipeArguments(preset.recipe),
    ...(preset.trainGraphs === null ? [] : ['--subset', String(preset.trainGraphs)]),
    '--workers',
    String(workers),
    '--data',
    dataPath,
    '--out',
    run,
  ];
}

/**
 * Stage 2, one model: trains it with the preset's recipe (the paper's protocol, protocol §4, unless
 * the preset gives one) at the preset's scale, or
 * continues its checkpoint after a kill, then writes its latents (μ of the full train and test
 * splits). DVAE-EMB runs the T × N scheme with T = `embIterations`.
 */
export async function trainStage(model: ModelName, preset: Preset, dataPath: string, workers: number, dir: string, log: (line: string) => void): Promise<TrainResult> {
  const run = join(dir, 'run');
  const args = trainArguments(model, preset, dataPath, run, workers);
  const started = await access(join(run, RUN_FILES.config)).then(
    () => true,
    () => false,
  );
  await opnas([...args, ...(started ? ['--resume'] : [])], log);
  const entries = (await readFile(join(run, RUN_FILES.trainLog), 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogEntry);
  const last = entries.at(-1);
  if (last === undefined) throw new Error(`${run}: training wrote no log entries`);
  return {
    model,
    run: 'run',
    iterations: last.iteration,
    epochs: last.epoch,
    last: { total: last.total, recon: last.recon, kl: last.kl },
    secondsPerEpoch: entries.reduce((s, e) => s + e.seconds, 0) / entries.length,
    command: commandLine(args.map((a) => (a === run ? `runs/${model}` : a === dataPath ? 'final_structures6.txt' : a))),
  };
}
