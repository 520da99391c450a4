/**
 * Turns the recipe sweep's trial records (benchmarks/results/recipe/*.json, written by
 * recipe-sweep.ts) into the table between the markers of benchmarks/results/recipe/README.md
 * and the figure of every trial's reconstruction loss per epoch (recipe-recon.png / .svg).
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/recipe-report.ts [--results DIR] [--root DIR]
 *
 * With `--root` (the sweep's run folders) a trial still training is shown too, from its
 * `train-log.jsonl` and `config.json`, marked "in progress" and without an evaluation.
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainingLogEntry } from '@opnas/train';
import { lossCurvesFigure, writeFigure } from '@opnas/viz';

const here = dirname(fileURLToPath(import.meta.url));
function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const dir = resolve(option('results') ?? join(here, 'results/recipe'));
const root = option('root');

type Epoch = TrainingLogEntry;
interface TrialRecord {
  readonly name: string;
  readonly note: string;
  readonly args: readonly string[];
  readonly modelOptions: { readonly hiddenSize?: number };
  readonly settings: {
    readonly batchSize: number;
    readonly epochs: number;
    readonly adam: { readonly learningRate: number };
    readonly schedule: { readonly decay: string; readonly warmupEpochs: number; readonly finalFraction: number } | null;
  };
  readonly workers: number;
  readonly parallelTrials: number;
  readonly trainSeconds: number;
  readonly epochs: readonly Epoch[];
  readonly evaluation: Record<string, unknown> & { readonly options: string };
  readonly loadAverage: readonly number[];
  readonly model?: string;
  readonly inProgress?: boolean;
}

const records = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.startsWith('recipe-recon'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as TrialRecord)
  .sort((a, b) => a.name.localeCompare(b.name));
if (root !== undefined) {
  const trials = JSON.parse(readFileSync(join(here, 'recipe/trials.json'), 'utf8')) as { name: string; note?: string; args: string[] }[];
  for (const t of trials) {
    const run = join(resolve(root), t.name);
    if (records.some((r) => r.name === t.name) || !existsSync(join(run, 'train-log.jsonl'))) continue;
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) as Pick<TrialRecord, 'modelOptions' | 'settings'> & { workers: number };
    const epochs = readFileSync(join(run, 'train-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Epoch);
    records.push({
      name: t.name,
      note: t.note ?? '',
      args: t.args,
      modelOptions: config.modelOptions,
      settings: config.settings,
      workers: config.workers,
      parallelTrials: 2,
      trainSeconds: epochs.reduce((s, e) => s + e.seconds, 0),
      epochs,
      evaluation: { options: '' },
      loadAverage: [],
      inProgress: true,
    });
  }
}
if (records.length === 0) throw new Error(`no trial records in ${dir}`);

const metrics = (r: TrialRecord): Record<string, number> => (r.evaluation['metrics'] ?? r.evaluation) as Record<string, number>;
const pct = (v: number | undefined) => (v === undefined ? '–' : `${(100 * v).toFixed(2)} %`);
const schedule = (r: TrialRecord) => {
  const s = r.settings.schedule;
  return s === null ? 'plateau (paper)' : `${s.decay}, warm-up ${s.warmupEpochs}${s.decay === 'constant' ? '' : `, to ${s.finalFraction}`}`;
};
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const rows = records.map((r) => {
  const m = metrics(r);
  const last = r.epochs.at(-1)!;
  const perEpoch = r.trainSeconds / r.epochs.length;
  return `| ${r.name}${r.inProgress ? ` (in progress: ${r.epochs.length} of ${r.settings.epochs} epochs)` : ''} | ${r.args.includes('--model') ? r.args[r.args.indexOf('--model') + 1] : '?'} | ${r.modelOptions.hiddenSize ?? 501} | ${r.settings.adam.learningRate} | ${schedule(r)} | ${r.settings.batchSize} | ${r.epochs.length} | ${last.recon.toFixed(3)} | ${last.kl.toFixed(2)} | ${pct(m['reconstruction'])} | ${m['testNll']?.toFixed(3) ?? '–'} | ${pct(m['validity'])} | ${pct(m['uniqueness'])} | ${perEpoch.toFixed(0)} s | ${(r.trainSeconds / 3600).toFixed(2)} h | ${r.loadAverage.length === 0 ? '–' : median(r.loadAverage).toFixed(1)} |`;
});
const table = [
  '| trial | model | hidden | peak lr | schedule | batch | epochs | final recon (train, per graph) | final KL | reconstruction acc. (test) | test NLL | validity | uniqueness | s / epoch | train time | median load |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `Evaluation (finished trials): \`opnas eval --decodings 10 --points 200\` (reconstruction over 10 stochastic decodings of each of the 1,902 test means, validity and uniqueness over 200 prior points × 10 decodings). Each trial ran with ${records[0]!.workers} worker thread(s), ${records[0]!.parallelTrials} trials at a time, on the project's 2-core machine; the load column says how busy it was.`,
].join('\n');

const readme = join(dir, 'README.md');
const begin = '<!-- trials:begin -->';
const end = '<!-- trials:end -->';
const text = existsSync(readme) ? readFileSync(readme, 'utf8') : `# Training-recipe sweep\n\n${begin}\n${end}\n`;
if (!text.includes(begin) || !text.includes(end)) throw new Error(`${readme} lacks the ${begin} / ${end} markers`);
writeFileSync(readme, `${text.slice(0, text.indexOf(begin) + begin.length)}\n${table}\n${text.slice(text.indexOf(end))}`);

const figure = lossCurvesFigure(
  records.flatMap((r) => r.epochs.map((e) => ({ model: r.name, iteration: e.iteration, epoch: e.epoch, recon: e.recon, kl: e.kl }))),
  { metric: 'recon', name: 'recipe-recon', title: 'Reconstruction loss per epoch, every trial', logScale: true },
);
await writeFigure(figure, dir);
process.stdout.write(`${readme}: ${records.length} trial(s); figure ${join(dir, 'recipe-recon.png')}\n`);
