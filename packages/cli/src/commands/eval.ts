import { availableParallelism } from 'node:os';
import { initRuntime } from '@opnas/runtime';
import { WorkerPool, evaluateModel, loadRunModel, writeRunEvaluation } from '@opnas/train';
import type { EvaluationStage, RunWeights, VaeEvaluation } from '@opnas/train';
import type { Command } from 'commander';
import { type CliIo, emit, progressLine } from '../output.js';
import { oneOf, positiveInteger } from '../parse-options.js';
import { runSpace } from '../space-dataset.js';
import { cliError, loadRunDataset, runTrainingRecords } from './train.js';

interface EvalCommandOptions {
  run: string;
  weights: RunWeights;
  workers?: number;
  data?: string;
  decodings: number;
  points: number;
  seed: number;
  json?: boolean;
  quiet?: boolean;
}

const STAGE_NAMES: Record<EvaluationStage, string> = {
  reconstruction: 'reconstruction (decoding test means)',
  'train-means': 'encoding training graphs',
  validity: 'validity (decoding sampled points)',
};

const percent = (x: number) => `${(100 * x).toFixed(2)} %`;
const formatMetrics = (space: string) => (m: VaeEvaluation) =>
  [
    `reconstruction accuracy  ${percent(m.reconstruction)}`,
    space === 'enas6'
      ? `validity                 ${percent(m.validity)}  (8 vertices: ${percent(m.validity8)})`
      : `validity (${space})${' '.repeat(Math.max(1, 17 - space.length))}${percent(m.validity8)}`,
    `uniqueness               ${percent(m.uniqueness)}`,
    `novelty                  ${percent(m.novelty)}`,
    `test NLL per graph       ${m.testNll.toFixed(4)}`,
  ].join('\n');

/**
 * `opnas eval --run DIR`: the paper's VAE metrics (Table 1, protocol §5) of a trained run —
 * reconstruction accuracy and test NLL, validity (also with 8 vertices required), uniqueness and
 * novelty — on all workers; also written to `<run>/evaluation.json`. Validity, uniqueness and
 * novelty use the rules and keys of the run's search space (ENAS-6, NB101 or NB201).
 */
export function registerEvalCommand(program: Command, io: CliIo): void {
  program
    .command('eval')
    .description('evaluate a trained run: reconstruction, validity, uniqueness, novelty, test NLL (Table 1; protocol §5)')
    .requiredOption('--run <dir>', 'run directory written by opnas train')
    .option('--weights <which>', 'final | checkpoint | auto (final if training completed)', oneOf('--weights', ['final', 'checkpoint', 'auto'] as const), 'auto')
    .option('--workers <w>', 'worker threads (default: one per core)', positiveInteger('--workers'))
    .option('--data <path>', "ENAS data file (default: the run's)")
    .option('--decodings <n>', 'stochastic decodings per test graph', positiveInteger('--decodings'), 100)
    .option('--points <n>', 'latent points for validity (each decoded 10 times)', positiveInteger('--points'), 1000)
    .option('--seed <s>', 'seed of the decodings and points', positiveInteger('--seed'), 1)
    .option('--json', 'print JSON on stdout (progress stays on stderr)')
    .option('--quiet', 'no progress on stderr')
    .action(async (options: EvalCommandOptions) => {
      await initRuntime();
      const loaded = await loadRunModel(options.run, options.weights).catch((error: unknown) => cliError('eval', error));
      try {
        const space = runSpace(loaded.config.data.source);
        const dataset = await loadRunDataset(io, loaded.config, options.data);
        const train = runTrainingRecords(dataset, loaded.config).map((r) => r.dag);
        const test = dataset.test.map((r) => r.dag);
        const pool = await WorkerPool.forModel(loaded.model, loaded.config.modelOptions, { workers: options.workers ?? availableParallelism() });
        let report;
        try {
          let last = '';
          report = await evaluateModel(
            pool,
            { train, test },
            {
              reconstruction: { decodings: options.decodings, seed: options.seed },
              validity: { points: options.points, seed: options.seed, space },
              onProgress: (stage, done, total) => {
                if (options.quiet) return;
                const line = `${STAGE_NAMES[stage]}: ${Math.floor((100 * done) / total)} %`;
                if (line === last) return;
                last = line;
                if (io.isTty) progressLine(io, line, done === total);
                else if (done === total || Math.floor((10 * done) / total) !== Math.floor((10 * (done - 1)) / total)) io.stderr(`${line}\n`);
              },
            },
          );
        } catch (error) {
          cliError('eval', error);
        } finally {
          await pool.close();
        }
        await writeRunEvaluation(options.run, {
          ...report,
          weights: { source: loaded.weights.source, iteration: loaded.weights.iteration, epoch: loaded.weights.epoch },
          settings: { decodings: options.decodings, points: options.points, seed: options.seed, train: train.length, test: test.length },
        });
        if (!options.quiet)
          io.stderr(`evaluated ${loaded.config.model} (${loaded.weights.source} weights, iteration ${loaded.weights.iteration}, epoch ${loaded.weights.epoch})\n`);
        emit(io, options.json, report.metrics, formatMetrics(space.name));
      } finally {
        loaded.model.dispose();
      }
    });
}
