import writeFileAtomic from 'write-file-atomic';
import type { EvaluationReport } from './evaluate-model.js';
import { runPath } from './run-files.js';

/** What `evaluation.json` of a run holds: the metrics, the counts behind them and the settings used. */
export interface RunEvaluation extends EvaluationReport {
  /** Which weights were evaluated. */
  readonly weights: { readonly source: string; readonly iteration: number; readonly epoch: number };
  readonly settings: Readonly<Record<string, number>>;
}

/** Writes `<run>/evaluation.json` atomically. */
export async function writeRunEvaluation(runDir: string, evaluation: RunEvaluation): Promise<void> {
  await writeFileAtomic(runPath(runDir, 'evaluation'), `${JSON.stringify(evaluation, null, 2)}\n`);
}
