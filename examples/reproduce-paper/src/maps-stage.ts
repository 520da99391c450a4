import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { PlotReport } from '@opnas/cli';
import { enasFlatToDag } from '@opnas/dag';
import { embeddingFromJson, nearestOperations, pairwiseDistances } from '@opnas/op-embed';
import { embeddingsFile } from '@opnas/train';
import { boCurvesFigure, dagGridFigure, writeFigure } from '@opnas/viz';
import type { BoResult } from './bo-stage.js';
import type { SearchBaselinesResult } from './search-stage.js';
import { commandLine, opnas } from './opnas.js';
import type { ModelName, Preset } from './presets.js';

/** A figure in the report: title and files relative to the stage folder. */
export interface FigureRef {
  readonly title: string;
  readonly svg: string;
  readonly png: string;
}

/** A learned operation table (protocol §4.2) with its geometry. */
export interface EmbeddingResult {
  readonly model: ModelName;
  readonly iteration: number;
  readonly names: readonly string[];
  readonly table: readonly (readonly number[])[];
  readonly distances: readonly (readonly number[])[];
  /** Each operation's nearest other operation (START and END left out). */
  readonly nearest: readonly { readonly name: string; readonly nearest: string; readonly distance: number }[];
  /**
   * How far the table moved from the one training started from (`embeddings-iteration-0.json`):
   * ‖T − T₀‖ / ‖T₀‖ (Frobenius norms); `null` for runs that did not record their start.
   */
  readonly relativeChange: number | null;
}

/** Below this relative change (1 %) the report says a table barely moved from its start. */
export const BARELY_MOVED = 0.01;

/** ‖a − b‖ / ‖b‖ with Frobenius norms. */
export function relativeTableChange(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  let diff = 0;
  let norm = 0;
  b.forEach((row, i) =>
    row.forEach((v, j) => {
      diff += (a[i]![j]! - v) ** 2;
      norm += v ** 2;
    }),
  );
  return Math.sqrt(diff) / Math.sqrt(norm);
}

export interface MapsResult {
  readonly tsne: readonly (FigureRef & { readonly model: ModelName })[];
  readonly losses: readonly FigureRef[];
  readonly bo: FigureRef | null;
  /** Best-so-far per query with 95 % bands: BO of each search model, random search, evolution. */
  readonly search: FigureRef | null;
  readonly top: readonly (FigureRef & { readonly model: ModelName })[];
  readonly embeddings: readonly EmbeddingResult[];
  readonly commands: readonly string[];
}

/**
 * Stage 7: what explains the results — t-SNE maps of the latents of the search models (Figs.
 * 9–10), loss and KL curves of every model (Figs. 3–4), best-so-far BO curves, the best
 * architectures found drawn (Figs. 5–6), and the learned operation tables with their distances.
 */
export async function mapsStage(
  runs: readonly { readonly model: ModelName; readonly run: string }[],
  searchModels: readonly ModelName[],
  bo: readonly BoResult[],
  baselines: SearchBaselinesResult | null,
  preset: Preset,
  dir: string,
  log: (line: string) => void,
): Promise<MapsResult> {
  const commands: string[] = [];
  const ref = (title: string, files: { svg: string; png?: string }) => ({ title, svg: relative(dir, files.svg), png: relative(dir, files.png ?? files.svg) });
  const runOf = (model: ModelName) => runs.find((r) => r.model === model)!.run;
  // Paths inside this stage are written relative to the report's folder (the stage's parent), runs as placeholders.
  const shown = (args: readonly string[]) =>
    commands.push(
      commandLine(args.map((a) => (a.startsWith(dir) ? relative(dirname(dir), a) : runs.find((r) => r.run === a) ? join('runs', runs.find((r) => r.run === a)!.model) : a))),
    );

  const tsne = [];
  for (const model of searchModels) {
    const args = ['plot', 'tsne', '--run', runOf(model), '--split', preset.tsneSplit, '--iterations', String(preset.tsneIterations), '--out', join(dir, `tsne-${model}`)];
    shown(args);
    const report = await opnas<PlotReport>(args, log);
    tsne.push({ model, ...ref(`t-SNE of the ${preset.tsneSplit} latents of ${model}, coloured by accuracy`, report.figures[0]!.files) });
  }

  const lossArgs = ['plot', 'losses', '--run', ...runs.map((r) => r.run), '--overlay-iterations', '--out', join(dir, 'losses')];
  shown(lossArgs);
  const losses = (await opnas<PlotReport>(lossArgs, log)).figures.map((f) =>
    ref(f.name.endsWith('kl') ? 'KL divergence per graph during training (Fig. 4)' : 'Reconstruction loss per graph during training (Fig. 3)', f.files),
  );

  const curves = bo.flatMap((b) => b.curves);
  const boFigure =
    curves.length === 0
      ? null
      : ref(
          `Best accuracy found so far per round, mean over seeds ± 1 sd (${bo[0]!.scoreLabel})`,
          await writeFigure(boCurvesFigure(curves, { title: 'Bayesian optimisation vs random search', name: 'bo-best-so-far' }), join(dir, 'bo')),
        );

  const perQuery = [...bo.flatMap((b) => b.queryCurves), ...(baselines?.queryCurves ?? [])].map((c) => ({ arm: c.arm, seed: c.seed, round: c.query, bestSoFar: c.bestSoFar }));
  const searchFigure =
    perQuery.length === 0
      ? null
      : ref(
          `Best accuracy found so far per query, mean over seeds with 95 % confidence bands (${(bo[0]?.scoreLabel ?? baselines!.scoreLabel).split(' (')[0]})`,
          await writeFigure(
            boCurvesFigure(perQuery, {
              title: 'Search: BO in each latent space vs random search and regularised evolution',
              name: 'search-best-so-far',
              band: 'ci95',
              xTitle: 'queries',
              points: false,
            }),
            join(dir, 'search'),
          ),
        );

  const top = [];
  for (const b of bo) {
    if (b.top.length === 0) continue;
    const items = b.top.map((t) => ({
      dag: enasFlatToDag(t.architecture),
      title: `${t.rank}. ${b.surrogate ? 'surrogate ' : ''}${t.accuracy.toFixed(4)} (${t.arm === 'bo' ? 'BO' : 'random'})`,
      data: { architecture: t.architecture, accuracy: t.accuracy, arm: t.arm, datasetAccuracy: t.datasetAccuracy },
    }));
    const files = await writeFigure(
      dagGridFigure(items, { columns: 5, title: `Top ${items.length} architectures found in the search with ${b.model} (BO and random arms)`, name: `top-${b.model}` }),
      join(dir, 'top'),
    );
    top.push({ model: b.model, ...ref(`Top architectures found with ${b.model} (${b.scoreLabel})`, files) });
  }

  const embeddings: EmbeddingResult[] = [];
  for (const { model, run } of runs) {
    // Models with a learned table write it after every iteration; the last one is the model's.
    for (let iteration = 16; iteration >= 1; iteration--) {
      const text = await readFile(join(run, embeddingsFile(iteration)), 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const json = embeddingFromJson(JSON.parse(text));
      const names = json.names ?? json.table.map((_, i) => `type ${i}`);
      const startText = await readFile(join(run, embeddingsFile(0)), 'utf8').catch(() => undefined);
      const start = startText === undefined ? null : embeddingFromJson(JSON.parse(startText)).table;
      embeddings.push({
        model,
        iteration,
        names,
        table: json.table,
        distances: pairwiseDistances(json.table),
        // START and END are not operations a search chooses between; leave them out.
        nearest: nearestOperations(json.table, { k: 1, names, exclude: [0, 1] }).map((n) => ({ name: n.name, nearest: n.neighbours[0]!.name, distance: n.neighbours[0]!.value })),
        relativeChange: start === null ? null : relativeTableChange(json.table, start),
      });
      break;
    }
  }
  return { tsne, losses, bo: boFigure, search: searchFigure, top, embeddings, commands };
}
