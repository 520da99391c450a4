import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BoResult } from './bo-stage.js';
import type { GraphStatsResult } from './graph-stats-stage.js';
import type { MapsResult } from './maps-stage.js';
import { MODELS, PRESETS, type ModelName, type Preset } from './presets.js';
import type { ReportInput } from './report.js';
import { renderReport } from './report.js';
import { writeReport } from './report-files.js';
import type { SearchBaselinesResult } from './search-stage.js';
import type { TrainResult } from './train-stage.js';

/** Made-up stage results of every kind, shaped as the stages record them. */
export function reportInput(preset: Preset = PRESETS.smoke, options: { surrogate?: boolean; relativeChange?: number | null; dataOption?: string } = {}): ReportInput {
  const figure = (name: string) => ({ title: `figure ${name}`, svg: `${name}.svg`, png: `${name}.png` });
  const train = MODELS.map((model, k) => ({
    dir: `2-train-${model}`,
    result: {
      model,
      run: 'run',
      iterations: model === 'dvae-emb' ? 2 : 1,
      epochs: 3,
      last: { total: 30 + k, recon: 29.9 + k, kl: 2 + k / 10 },
      secondsPerEpoch: 0.5,
      command: `opnas train --model ${model} --hidden 16 --latent 8 --epochs 3 --iterations ${model === 'dvae-emb' ? 2 : 1} --workers 2 --data final_structures6.txt --out runs/${model}`,
    } satisfies TrainResult,
  }));
  const bo = (model: ModelName): BoResult => ({
    model,
    settings: { mode: options.surrogate ? 'latent' : 'pool', evaluator: options.surrogate ? 'surrogate' : 'lookup' },
    scoreLabel: options.surrogate ? 'SURROGATE-predicted accuracy' : 'weight-sharing accuracy from the lookup table',
    surrogate: options.surrogate ?? false,
    rounds: [1, 2].map((round) => ({
      round,
      boBestSoFar: { mean: 0.745 + round / 1000, sd: 0.001 },
      boBatchMean: { mean: 0.735, sd: 0.002 },
      randomBestSoFar: { mean: 0.744, sd: 0.001 },
      testRmse: { mean: 0.9, sd: 0.01 },
      testPearson: { mean: 0.4, sd: 0.02 },
    })),
    curves: [1, 2].flatMap((round) => [
      { arm: `${model} BO`, seed: 1, round, bestSoFar: 0.745 + round / 1000 },
      { arm: `${model} random`, seed: 1, round, bestSoFar: 0.744 },
    ]),
    queryCurves: [1, 2, 3].map((query) => ({ arm: `${model} BO`, seed: 1, query, bestSoFar: 0.74 + query / 1000 })),
    decodes: options.surrogate
      ? [
          { arm: 'bo', points: 10, valid: 8, novel: 6, inTraining: 2, distinct: 7 },
          { arm: 'random', points: 10, valid: 9, novel: 9, inTraining: 0, distinct: 9 },
        ]
      : [],
    top: [{ rank: 1, architecture: '0 1 0 5 1 1 2 0 0 0 3 1 0 0 0 4 0 0 0 1 0', accuracy: 0.7471, datasetAccuracy: 0.7471, arm: 'bo', svg: 'top-01.svg' }],
    command: `opnas bo --run runs/${model} --mode pool --evaluator lookup --rounds 2 --batch 5 --seeds 1 --data final_structures6.txt --out runs/${model}/bo-pool`,
  });
  const baselines: SearchBaselinesResult = {
    scoreLabel: 'SURROGATE-predicted accuracy, not measured (test surrogate)',
    budget: 10,
    batch: 5,
    seeds: 1,
    evolution: { populationSize: 5, sampleSize: 2 },
    rounds: ['random search', 'regularised evolution'].flatMap((arm) =>
      [1, 2].map((round) => ({ arm, round, bestSoFar: { mean: 0.741 + round / 1000, sd: 0 }, batchMean: { mean: 0.731, sd: 0 } })),
    ),
    queryCurves: ['random search', 'regularised evolution'].flatMap((arm) => [1, 2, 3].map((query) => ({ arm, seed: 1, query, bestSoFar: 0.739 + query / 1000 }))),
    top: [{ rank: 1, architecture: '0 1 0 5 1 1 2 0 0 0 3 1 0 0 0 4 0 0 0 1 1', accuracy: 0.7433, arm: 'regularised evolution' }],
  };
  const graphStats: GraphStatsResult = {
    graphs: 17118,
    pearson: { apl: 0.32071, transitivity: -0.39741 },
    spearman: { apl: 0.3332, transitivity: -0.3858 },
    groups: [{ label: 0.7, size: 22, meanApl: 1.5942, meanTransitivity: 0.6591 }],
    figures: [figure('apl-by-group'), figure('clustering-by-group')],
  };
  const names = ['input', 'output', 'conv3', 'sep3', 'conv5', 'sep5', 'avg3', 'max3'];
  const table = names.map((_, i) => [i, 0, 0]);
  const maps: MapsResult = {
    tsne: [
      { model: 'dvae', ...figure('tsne-dvae') },
      { model: 'dvae-emb', ...figure('tsne-dvae-emb') },
    ],
    losses: [figure('losses-recon'), figure('losses-kl')],
    bo: figure('bo-best-so-far'),
    search: figure('search-best-so-far'),
    top: [
      { model: 'dvae', ...figure('top-dvae') },
      { model: 'dvae-emb', ...figure('top-dvae-emb') },
    ],
    embeddings: [
      {
        model: 'dvae-emb',
        iteration: 2,
        names,
        table,
        distances: table.map((a) => table.map((b) => Math.abs(a[0]! - b[0]!))),
        nearest: names.slice(2).map((name, i) => ({ name, nearest: names[i + 3] ?? 'avg3', distance: 1 })),
        relativeChange: options.relativeChange === undefined ? 0.004 : options.relativeChange,
      },
    ],
    commands: [
      'opnas plot tsne --run runs/dvae --split test --iterations 400 --out 7-maps/tsne-dvae',
      `opnas plot losses --run ${MODELS.map((m) => `runs/${m}`).join(' ')} --overlay-iterations --out 7-maps/losses`,
    ],
  };
  return {
    preset,
    data: {
      path: '/data/final_structures6.txt',
      sha256: 'fea9a7dde1545e7d3bd58fd4b9c3db08a89c18e0351f770cde2fe530c4791725',
      lines: 20020,
      burnIn: 1000,
      graphs: 19020,
      train: 17118,
      test: 1902,
      distinctGraphs: 19015,
      distinctInFile: 20015,
      accuracy: { min: 0.702, max: 0.7502, mean: 0.7363, sd: 0.00612 },
      trainAccuracy: { mean: 0.7363160766, sd: 0.0061346824 },
      testAccuracy: { mean: 0.7361216, sd: 0.0059869 },
    },
    train,
    table1: {
      rows: MODELS.map((model) => ({
        model,
        metrics: { reconstruction: 0.5, validity: 0.9, validity8: 0.8, uniqueness: 0.4, novelty: 1, testNll: 12.5 },
        seconds: 1,
        command: `opnas eval --run runs/${model} --decodings 5 --points 100 --workers 2 --data final_structures6.txt`,
      })),
    },
    table2: MODELS.map((model) => ({
      model,
      seeds: 1,
      rmse: { mean: 0.9, sd: 0 },
      pearson: { mean: 0.45, sd: 0 },
      testLogLikelihood: { mean: -1.3, sd: 0 },
      spearman: { mean: 0.44, sd: 0 },
      fitSeconds: 0.2,
      command: `opnas sgp --latents runs/${model}/latents.safetensors --inducing 50 --epochs 2 --seeds 1`,
    })),
    bo: [bo('dvae'), bo('dvae-emb')].map((result) => ({ result, dir: `5-bo-${result.model}` })),
    baselines: options.surrogate ? { result: baselines, dir: '5-search-baselines' } : null,
    graphStats: { result: graphStats, dir: '6-graph-stats' },
    maps: { result: maps, dir: '7-maps' },
    stageSeconds: { '1-data': 0.2, '2-train-dvae': 5 },
    ...(options.dataOption === undefined ? {} : { dataOption: options.dataOption }),
    environment: { backend: 'wasm', workers: 2, cpu: '2 × test CPU', node: '20.0.0', finished: '2026-11-29 06:00 UTC' },
  };
}

/** A PNG-looking file: the 8-byte signature and padding. */
const fakePng = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000)]);

/**
 * Writes a reproduction folder from {@link reportInput}: each stage's `stage.json` as `runStage`
 * records it, the figures the report links, REPORT.md and REPORT.html.
 */
export async function writeReproductionFixture(out: string, input: ReportInput = reportInput()): Promise<void> {
  const record = async (stage: string, result: unknown) => {
    await mkdir(join(out, stage), { recursive: true });
    await writeFile(join(out, stage, 'stage.json'), JSON.stringify({ key: 'k', result, seconds: 1 }));
  };
  await record('1-data', input.data);
  for (const t of input.train) await record(t.dir, t.result);
  await record('3-table1', input.table1);
  for (const t of input.table2) await record(`4-table2-${t.model}`, t);
  for (const b of input.bo) await record(b.dir, b.result);
  if (input.baselines) await record(input.baselines.dir, input.baselines.result);
  await record(input.graphStats.dir, input.graphStats.result);
  await record(input.maps!.dir, input.maps!.result);
  const markdown = renderReport(input);
  for (const m of markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
    await mkdir(dirname(join(out, m[1]!)), { recursive: true });
    await writeFile(join(out, m[1]!), fakePng());
  }
  await writeReport(out, markdown);
}
