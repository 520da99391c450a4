import type { EnasDatasetSummary } from '@opnas/enas-data';
import type { Preset } from './presets.js';

/** Stages of the reproduction that later releases add, in pipeline order. */
export const PENDING_STAGES = [
  'train the six models (dvae, dvae-emb, gcn, gcn-emb, svae, graphrnn)',
  'Table 1: reconstruction, validity, uniqueness, novelty',
  'latents and Table 2: SGP RMSE and Pearson r',
  'Bayesian optimisation for dvae and dvae-emb with the random baseline',
  'graph statistics vs accuracy and their figures',
  't-SNE latent maps and loss/KL curves',
];

export interface ReportInput {
  readonly preset: Preset;
  readonly data: EnasDatasetSummary;
  readonly stageSeconds: Readonly<Record<string, number>>;
}

/** REPORT.md: the preset's scale first, then each stage's results beside the paper's numbers. */
export function renderReport({ preset, data, stageSeconds }: ReportInput): string {
  const row = (what: string, paper: string, ours: string) => `| ${what} | ${paper} | ${ours} |`;
  return [
    '# Reproduction report: Operation Embeddings for Neural Architecture Search',
    '',
    `Preset **${preset.name}**: ${preset.description}.`,
    '',
    `Scale: hidden ${preset.hidden}, latent ${preset.latent}, ${preset.epochs} epochs, ${preset.embIterations} DVAE-EMB iterations, ` +
      `${preset.seeds} seed(s), BO ${preset.boRounds} rounds × ${preset.boBatch}, ` +
      `${preset.trainGraphs === null ? 'all' : preset.trainGraphs} training graphs.`,
    '',
    '## 1. Data (SPEC §1)',
    '',
    '| quantity | reference | this run |',
    '|---|---|---|',
    row('graphs after burn-in', '19,020', String(data.graphs)),
    row('train / test', '17,118 / 1,902', `${data.train} / ${data.test}`),
    row('distinct architectures (file)', '20,015', String(data.distinctInFile)),
    row('accuracy min / max', '0.7020 / 0.7502', `${data.accuracy.min.toFixed(4)} / ${data.accuracy.max.toFixed(4)}`),
    row('train accuracy mean / sd', '0.7363161 / 0.0061347', `${data.trainAccuracy.mean.toFixed(7)} / ${data.trainAccuracy.sd.toFixed(7)}`),
    row('file sha256', 'fea9a7dd…', `${data.sha256.slice(0, 8)}…`),
    '',
    '## Still to come',
    '',
    'This version of opnas runs the data stage only. The next stages land as their packages do:',
    '',
    ...PENDING_STAGES.map((s) => `- ${s}`),
    '',
    '## Run time per stage',
    '',
    '| stage | seconds |',
    '|---|---|',
    ...Object.entries(stageSeconds).map(([name, s]) => `| ${name} | ${s.toFixed(2)} |`),
    '',
  ].join('\n');
}
