import { join } from 'node:path';
import type { VaeEvaluation } from '@opnas/train';
import { commandLine, opnas } from './opnas.js';
import type { ModelName, Preset } from './presets.js';

/** protocol §5's metrics of one model, as `opnas eval --json` prints them (fractions, not %). */
export type VaeMetrics = VaeEvaluation;

export interface Table1Result {
  readonly rows: readonly { readonly model: ModelName; readonly metrics: VaeMetrics; readonly seconds: number; readonly command: string }[];
}

/**
 * Stage 3: Table 1 — reconstruction accuracy of the test graphs (`evalDecodings` stochastic
 * decodings of each μ), validity and uniqueness of `evalPoints` prior points decoded 10 times,
 * novelty and the test NLL — for every trained model (protocol §5).
 */
export async function table1Stage(
  runs: readonly { readonly model: ModelName; readonly run: string }[],
  preset: Preset,
  dataPath: string,
  workers: number,
  log: (line: string) => void,
): Promise<Table1Result> {
  const rows = [];
  for (const { model, run } of runs) {
    const args = ['eval', '--run', run, '--decodings', String(preset.evalDecodings), '--points', String(preset.evalPoints), '--workers', String(workers), '--data', dataPath];
    const started = performance.now();
    const metrics = await opnas<VaeMetrics>(args, log);
    for (const [key, value] of Object.entries(metrics)) {
      if (!Number.isFinite(value)) throw new Error(`opnas eval on ${run}: ${key} is ${value}`);
    }
    rows.push({
      model,
      metrics,
      seconds: (performance.now() - started) / 1000,
      command: commandLine(args.map((a) => (a === run ? join('runs', model) : a === dataPath ? 'final_structures6.txt' : a))),
    });
  }
  return { rows };
}
