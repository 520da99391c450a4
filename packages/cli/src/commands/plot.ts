import { enasFlatToDag, type Dag } from '@opnas/dag';
import { AccuracyLookup } from '@opnas/enas-data';
import { accuracyAnalysis } from '@opnas/graph-stats';
import { readLatents } from '@opnas/latents';
import { tsne } from '@opnas/tsne';
import {
  boCurvesFigure,
  dagGridFigure,
  groupBoxPlotFigure,
  latentMapFigure,
  lossCurvesFigure,
  parseBoLog,
  parseTrainingLog,
  writeFigure,
  type Figure,
  type FigureFiles,
  type TrainingLogRecord,
} from '@opnas/viz';
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { DATA_DEFAULT_HELP, loadDataOption } from '../data-option.js';
import { CliError, emit, type CliIo } from '../output.js';
import { runFile } from '../run-layout.js';
import { SPLITS, type Split } from './stats.js';

/** What every `opnas plot …` prints with `--json`. */
export interface PlotReport {
  readonly figures: readonly { readonly name: string; readonly files: FigureFiles }[];
}

const formatReport = (r: PlotReport) => r.figures.flatMap((f) => Object.values(f.files) as string[]).join('\n');

/** Run a plot action, turning library errors (bad logs, bad files) into one-line CLI errors. */
async function guarded(what: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`plot ${what}: ${(error as Error).message}`);
  }
}

async function readText(what: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`plot ${what}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function writeAll(io: CliIo, json: boolean | undefined, figures: readonly Figure[], out: string): Promise<void> {
  const written = [];
  for (const figure of figures) written.push({ name: figure.name, files: await writeFigure(figure, out) });
  emit(io, json, { figures: written }, formatReport);
}

function integer(what: string, flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || n < min) throw new CliError(`plot ${what}: ${flag} must be an integer ≥ ${min}, got "${value}"`, 2);
  return n;
}

/** `opnas plot …`: the paper's figures as SVG + PNG + data files (CSV, JSON, Vega-Lite spec). */
export function registerPlotCommand(program: Command, io: CliIo): void {
  const plot = program.command('plot').description("draw the paper's figures (SVG, PNG, and their data as CSV/JSON)");

  plot
    .command('losses')
    .description('reconstruction loss and KL per epoch, one line per model (Figs. 3–4), from JSON-lines training logs')
    .option('--log <files...>', 'training log(s), one JSON object per epoch')
    .option('--run <dirs...>', `run folder(s); reads each one's train-log.jsonl`)
    .requiredOption('--out <dir>', 'output folder')
    .option('--log-scale', 'logarithmic y axis')
    .option('--overlay-iterations', 'one line per iteration of the T × N scheme over epochs 1…N (default: iterations one after the other)')
    .option('--json', 'print JSON')
    .action((options: { log?: string[]; run?: string[]; out: string; logScale?: boolean; overlayIterations?: boolean; json?: boolean }) =>
      guarded('losses', async () => {
        const files = [...(options.log ?? []), ...(options.run ?? []).map((run) => runFile(run, 'trainLog'))];
        if (files.length === 0) throw new CliError('plot losses: give --log FILE... or --run DIR...', 2);
        const records: TrainingLogRecord[] = [];
        for (const file of files) records.push(...parseTrainingLog(await readText('losses', file), file));
        const logScale = options.logScale === true;
        const iterations = options.overlayIterations ? 'overlay' : 'concatenate';
        await writeAll(
          io,
          options.json,
          [lossCurvesFigure(records, { metric: 'recon', logScale, iterations }), lossCurvesFigure(records, { metric: 'kl', logScale, iterations })],
          options.out,
        );
      }),
    );

  plot
    .command('groups')
    .description('average path length and clustering coefficient by performance group, r in the title (Figs. 7–8)')
    .option('--data <path>', `ENAS data file (default: ${DATA_DEFAULT_HELP})`)
    .option('--split <split>', "train (the paper's population), test or all", 'train')
    .requiredOption('--out <dir>', 'output folder')
    .option('--json', 'print JSON')
    .action((options: { data?: string; split: string; out: string; json?: boolean }) =>
      guarded('groups', async () => {
        if (!(SPLITS as readonly string[]).includes(options.split)) throw new CliError(`plot groups: --split must be train, test or all, got "${options.split}"`, 2);
        const dataset = await loadDataOption(io, options.data);
        const split = options.split as Split;
        const records = split === 'train' ? dataset.train : split === 'test' ? dataset.test : dataset.graphs;
        const { apl, transitivity: t, groups, pearson: r } = accuracyAnalysis(records);
        const values = (v: readonly number[]) => groups.map((g) => ({ label: g.label, values: g.members.map((i) => v[i]!) }));
        await writeAll(
          io,
          options.json,
          [
            groupBoxPlotFigure(values(apl), { statistic: 'Average path length', r: r.apl.coefficient, name: 'apl-by-group' }),
            groupBoxPlotFigure(values(t), { statistic: 'Clustering coefficient', r: r.transitivity.coefficient, name: 'clustering-by-group' }),
          ],
          options.out,
        );
      }),
    );

  plot
    .command('tsne')
    .description('t-SNE map of latent means coloured by accuracy (Figs. 9–10; protocol §9 settings)')
    .option('--latents <file>', 'latents file (.safetensors) from training')
    .option('--run <dir>', 'run folder; reads its latents.safetensors')
    .requiredOption('--out <dir>', 'output folder')
    .option('--split <split>', 'train or test (each is embedded on its own, protocol §9)', 'train')
    .option('--seed <n>', 'seed of the random initialisation', '0')
    .option('--iterations <n>', 'gradient-descent iterations', '1000')
    .option('--perplexity <n>', 'perplexity', '30')
    .option('--json', 'print JSON')
    .action((options: { latents?: string; run?: string; out: string; split: string; seed: string; iterations: string; perplexity: string; json?: boolean }) =>
      guarded('tsne', async () => {
        if ((options.latents === undefined) === (options.run === undefined)) throw new CliError('plot tsne: give exactly one of --latents FILE and --run DIR', 2);
        const latentsFile = options.latents ?? runFile(options.run!, 'latents');
        if (options.split !== 'train' && options.split !== 'test') throw new CliError(`plot tsne: --split must be train or test, got "${options.split}"`, 2);
        const seed = integer('tsne', '--seed', options.seed, 0);
        const iterations = integer('tsne', '--iterations', options.iterations, 1);
        const perplexity = Number(options.perplexity);
        if (!(perplexity > 0)) throw new CliError(`plot tsne: --perplexity must be a positive number, got "${options.perplexity}"`, 2);
        const latents = await readLatents(latentsFile);
        const split = latents[options.split];
        io.stderr(`t-SNE of ${split.count} ${options.split} latents (${split.dim}-d), ${iterations} iterations\n`);
        let lastPercent = -1;
        const result = tsne(
          { rows: split.count, cols: split.dim, data: split.mu },
          {
            seed,
            iterations,
            perplexity,
            onProgress: (p) => {
              if (p.phase === 'neighbours') {
                const percent = Math.floor((10 * p.done) / p.total) * 10;
                if (percent !== lastPercent) io.stderr(`  nearest neighbours ${(lastPercent = percent)}%\n`);
              } else if (p.iteration % 100 === 0) io.stderr(`  iteration ${p.iteration}/${p.total}: KL ${p.klDivergence.toFixed(4)}\n`);
            },
          },
        );
        const points = Array.from({ length: split.count }, (_, i) => ({
          index: split.index[i]!,
          x: result.embedding[2 * i]!,
          y: result.embedding[2 * i + 1]!,
          accuracy: split.accuracy[i]!,
        }));
        const model = latents.metadata['model'];
        const epoch = latents.metadata['epoch'];
        const label = [model, epoch === undefined ? undefined : `epoch ${epoch}`].filter(Boolean).join(', ');
        const title = `t-SNE of ${options.split} latents${label ? ` (${label})` : ''}, coloured by accuracy`;
        await writeAll(io, options.json, [latentMapFigure(points, { title, name: `tsne-${options.split}` })], options.out);
      }),
    );

  plot
    .command('dags')
    .description('drawings of architectures given as flat ENAS strings (Figs. 5–6)')
    .argument('<flat...>', 'flat ENAS strings, e.g. "0 1 0 5 1 1 …" (21 integers)')
    .requiredOption('--out <dir>', 'output folder')
    .option('--data <path>', "ENAS dataset, to show each architecture's weight-sharing accuracy")
    .option('--columns <n>', 'drawings per row', '3')
    .option('--json', 'print JSON')
    .action((flats: string[], options: { out: string; data?: string; columns: string; json?: boolean }) =>
      guarded('dags', async () => {
        const columns = integer('dags', '--columns', options.columns, 1);
        const dags: Dag[] = flats.map((flat, k) => {
          try {
            return enasFlatToDag(flat);
          } catch (error) {
            throw new CliError(`plot dags: architecture ${k + 1} ("${flat}"): ${(error as Error).message}`);
          }
        });
        const lookup = options.data === undefined ? undefined : new AccuracyLookup((await loadDataOption(io, options.data)).records);
        const items = dags.map((dag, k) => {
          const accuracy = lookup?.get(flats[k]!);
          const title = `${k + 1}${accuracy === undefined ? '' : `. WS accuracy ${accuracy.toFixed(4)}`}`;
          return { dag, title, data: { flat: flats[k]!, accuracy: accuracy ?? null } };
        });
        await writeAll(io, options.json, [dagGridFigure(items, { columns })], options.out);
      }),
    );

  plot
    .command('bo')
    .description('best-so-far accuracy per BO round, one line per arm (mean over seeds, ±1 sd)')
    .option('--log <file>', 'JSON lines of {"arm", "seed", "round", "bestSoFar"}')
    .option('--run <dir>', 'run folder; reads its bo-curves.jsonl')
    .requiredOption('--out <dir>', 'output folder')
    .option('--json', 'print JSON')
    .action((options: { log?: string; run?: string; out: string; json?: boolean }) =>
      guarded('bo', async () => {
        if ((options.log === undefined) === (options.run === undefined)) throw new CliError('plot bo: give exactly one of --log FILE and --run DIR', 2);
        const log = options.log ?? runFile(options.run!, 'boCurves');
        await writeAll(io, options.json, [boCurvesFigure(parseBoLog(await readText('bo', log), log))], options.out);
      }),
    );
}
