import { join } from 'node:path';
import type { MeanSd, SgpReport } from '@opnas/cli';
import { RUN_FILES } from '@opnas/train';
import { commandLine, opnas } from './opnas.js';
import type { ModelName, Preset } from './presets.js';

/** Table 2 for one model: the sparse GP's test metrics over seeds (standardised units, protocol §1.7). */
export interface Table2Result {
  readonly model: ModelName;
  readonly seeds: number;
  readonly rmse: MeanSd;
  readonly pearson: MeanSd;
  readonly testLogLikelihood: MeanSd;
  readonly spearman: MeanSd;
  readonly fitSeconds: number;
  readonly command: string;
}

/**
 * Stage 4, one model: fits the sparse GP (M inducing points, Adam, protocol §6) on the model's
 * training latents once per seed and scores the test latents — Table 2's protocol.
 */
export async function table2Stage(model: ModelName, run: string, preset: Preset, log: (line: string) => void): Promise<Table2Result> {
  const latents = join(run, RUN_FILES.latents);
  const args = ['sgp', '--latents', latents, '--inducing', String(preset.sgpInducing), '--epochs', String(preset.sgpEpochs), '--seeds', String(preset.sgpSeeds)];
  const report = await opnas<SgpReport>(args, log);
  const s = report.summary;
  for (const [key, value] of Object.entries(s)) {
    if (!Number.isFinite(value.mean) || !Number.isFinite(value.sd)) throw new Error(`opnas sgp on ${latents}: ${key} is ${value.mean} ± ${value.sd}`);
  }
  return {
    model,
    seeds: report.seeds.length,
    rmse: s.rmse,
    pearson: s.pearson,
    testLogLikelihood: s.testLogLikelihood,
    spearman: s.spearman,
    fitSeconds: report.seeds.reduce((sum, r) => sum + r.fitSeconds, 0),
    command: commandLine(args.map((a) => (a === latents ? join('runs', model, RUN_FILES.latents) : a))),
  };
}
