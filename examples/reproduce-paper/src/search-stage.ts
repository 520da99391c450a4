import { join } from 'node:path';
import { enasSurrogateEvaluator } from '@opnas/enas-surrogate';
import { type SearchRun, type SearchStepRecord, bestSoFarCurves, randomSearch, regularisedEvolution } from '@opnas/search';
import type { QueryCurvePoint } from './bo-stage.js';
import type { Preset } from './presets.js';

interface MeanSd {
  readonly mean: number;
  readonly sd: number;
}

/** The search baselines' arms, as the report and the figure name them. */
const BASELINE_ARMS = { 'random-search': 'random search', 'regularised-evolution': 'regularised evolution' } as const;
type Algorithm = keyof typeof BASELINE_ARMS;

/** Stage 5b: random search and regularised evolution on the ENAS surrogate benchmark. */
export interface SearchBaselinesResult {
  readonly scoreLabel: string;
  /** Queries per seed (BO's rounds × batch). */
  readonly budget: number;
  readonly batch: number;
  readonly seeds: number;
  /** Regularised evolution's population P and tournament size S. */
  readonly evolution: { readonly populationSize: number; readonly sampleSize: number };
  /** Per algorithm and round (one round = one BO batch of queries): best so far and the batch mean, mean ± sd over seeds. */
  readonly rounds: readonly { readonly arm: string; readonly round: number; readonly bestSoFar: MeanSd | null; readonly batchMean: MeanSd | null }[];
  readonly queryCurves: readonly QueryCurvePoint[];
  readonly top: readonly { readonly rank: number; readonly architecture: string; readonly accuracy: number; readonly arm: string }[];
}

function meanSd(values: readonly number[]): MeanSd | null {
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd };
}

/**
 * Regularised evolution's population and tournament for a budget: Real et al.'s P = 100, S = 25
 * when the budget leaves at least as many mutations as the population, else P = half the budget
 * (at least 2) and S = P / 4 (at least 2), so a small budget still evolves.
 */
export function evolutionSizes(budget: number): { populationSize: number; sampleSize: number } {
  const populationSize = Math.max(2, Math.min(100, Math.floor(budget / 2)));
  return { populationSize, sampleSize: Math.max(2, Math.min(25, Math.floor(populationSize / 4))) };
}

/** Per round of `batch` queries: best so far and batch mean over seeds. */
function roundSummary(run: SearchRun, arm: string, budget: number, batch: number): SearchBaselinesResult['rounds'] {
  const curves = bestSoFarCurves(run);
  const scored = new Map<number, (number | null)[]>();
  for (const s of [...run.steps].sort((a, b) => a.seed - b.seed || a.step - b.step)) {
    const list = scored.get(s.seed) ?? [];
    scored.set(s.seed, list);
    for (const o of s.outcomes) list.push(o.status === 'scored' ? o.accuracy! : null);
  }
  const rounds = Math.ceil(budget / batch);
  return Array.from({ length: rounds }, (_, k) => {
    const end = Math.min(budget, (k + 1) * batch) - 1;
    const best = curves.map((c) => c.best[end] ?? null).filter((v): v is number => v !== null);
    const means = [...scored.values()].flatMap((list) => {
      const batchValues = list.slice(k * batch, end + 1).filter((v): v is number => v !== null);
      return batchValues.length ? [batchValues.reduce((a, b) => a + b, 0) / batchValues.length] : [];
    });
    return { arm, round: k + 1, bestSoFar: meanSd(best), batchMean: meanSd(means) };
  });
}

/**
 * Stage 5b: the baselines every NAS user expects beside BO (issue #15 item 4), on the same
 * evaluator (the ENAS surrogate benchmark), the same budget (BO's rounds × batch queries per
 * seed) and the same seeds: random search over the ENAS-6 space and regularised evolution,
 * batched like BO. Each writes a JSON-lines log in the stage folder, so a killed stage resumes
 * and reproduces its log exactly.
 */
export async function searchBaselinesStage(preset: Preset, dir: string, log: (line: string) => void): Promise<SearchBaselinesResult> {
  const evaluator = await enasSurrogateEvaluator();
  const budget = preset.boRounds * preset.boBatch;
  const batch = preset.boBatch;
  const seeds = Array.from({ length: preset.boSeeds }, (_, i) => i + 1);
  const sizes = evolutionSizes(budget);
  const runs: [Algorithm, SearchRun][] = [];
  const progress = (name: string) => (r: SearchStepRecord, resumed: boolean) => {
    if (!resumed && r.queries % batch === 0) log(`  ${name}: seed ${r.seed} ${r.queries}/${budget} queries, best ${r.best?.accuracy.toFixed(4) ?? '–'} (SURROGATE)`);
  };
  const common = { seeds, batchSize: batch, checkpointIntervalMs: 1000 };
  runs.push(['random-search', await randomSearch(evaluator, budget, { ...common, logPath: join(dir, 'random-search.jsonl'), onStep: progress('random search') })]);
  runs.push([
    'regularised-evolution',
    await regularisedEvolution(evaluator, budget, { ...common, ...sizes, logPath: join(dir, 'regularised-evolution.jsonl'), onStep: progress('regularised evolution') }),
  ]);

  const queryCurves: QueryCurvePoint[] = [];
  const found = new Map<string, { accuracy: number; arm: string }>();
  for (const [algorithm, run] of runs) {
    const arm = BASELINE_ARMS[algorithm];
    for (const c of bestSoFarCurves(run)) c.best.forEach((b, q) => b !== null && queryCurves.push({ arm, seed: c.seed, query: q + 1, bestSoFar: b }));
    for (const s of run.steps) {
      s.outcomes.forEach((o, i) => {
        if (o.status === 'scored' && !found.has(s.architectures[i]!)) found.set(s.architectures[i]!, { accuracy: o.accuracy!, arm });
      });
    }
  }
  const top = [...found]
    .sort((a, b) => b[1].accuracy - a[1].accuracy)
    .slice(0, 5)
    .map(([architecture, f], k) => ({ rank: k + 1, architecture, accuracy: f.accuracy, arm: f.arm }));
  return {
    scoreLabel: evaluator.label,
    budget,
    batch,
    seeds: seeds.length,
    evolution: sizes,
    rounds: runs.flatMap(([algorithm, run]) => roundSummary(run, BASELINE_ARMS[algorithm], budget, batch)),
    queryCurves,
    top,
  };
}
