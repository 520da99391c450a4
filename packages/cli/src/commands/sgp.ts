import { readLatents } from '@opnas/latents';
import { SgpArgumentError, SgpNumericalError, SparseGp, accuracyPredictionMetrics } from '@opnas/sgp';
import { normaliseTargets, targetStatistics } from '@opnas/metrics';
import type { Command } from 'commander';
import { CliError, type CliIo, emit, progressLine } from '../output.js';
import { oneOf } from '../parse-options.js';
import { SPACE_NAMES, type SpaceName } from '../space-dataset.js';

/** Metrics of one seed's fit (protocol §6.7), on the standardised negated-accuracy scale. */
export interface SgpSeedResult {
  readonly seed: number;
  readonly rmse: number;
  readonly pearson: number;
  readonly testLogLikelihood: number;
  readonly spearman: number;
  readonly kendallTau: number;
  readonly fitSeconds: number;
}

/** Mean and population sd over the seeds (Table 2's "mean ± sd"). */
export interface MeanSd {
  readonly mean: number;
  readonly sd: number;
}

/** The JSON `opnas sgp --json` prints. */
export interface SgpReport {
  readonly latents: string;
  readonly scale: 'standardised-negated-accuracy';
  readonly train: number;
  readonly test: number;
  readonly dim: number;
  readonly inducing: number;
  readonly epochs: number;
  readonly seeds: readonly SgpSeedResult[];
  readonly summary: {
    readonly rmse: MeanSd;
    readonly pearson: MeanSd;
    readonly testLogLikelihood: MeanSd;
    readonly spearman: MeanSd;
    readonly kendallTau: MeanSd;
  };
}

interface SgpCommandOptions {
  latents: string;
  inducing: string;
  epochs: string;
  seeds: string;
  threads?: string;
  space?: SpaceName;
  json?: boolean;
  quiet?: boolean;
}

function integerOption(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliError(`sgp: ${flag} must be an integer ≥ ${min}, got "${value}"`, 2);
  return n;
}

/** Population mean ± sd (numpy's default ddof = 0, as the reference's summary). */
export function meanSd(values: readonly number[]): MeanSd {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  return { mean, sd };
}

function formatReport(r: SgpReport): string {
  const f = (x: number) => x.toFixed(4);
  const lines = [
    `sparse GP on ${r.latents}: ${r.train} train / ${r.test} test latents (D = ${r.dim}), M = ${r.inducing}, ${r.epochs} epochs`,
    `metrics on the standardised negated-accuracy scale (protocol §1.7)`,
    `seed   RMSE     Pearson r  test LL    Spearman  Kendall   fit`,
    ...r.seeds.map(
      (s) =>
        `${String(s.seed).padStart(4)}   ${f(s.rmse)}   ${f(s.pearson)}     ${f(s.testLogLikelihood).padStart(7)}    ${f(s.spearman)}    ${f(s.kendallTau)}    ${s.fitSeconds.toFixed(0)} s`,
    ),
    `mean ± sd over ${r.seeds.length} seed(s):`,
    `  RMSE       ${f(r.summary.rmse.mean)} ± ${f(r.summary.rmse.sd)}`,
    `  Pearson r  ${f(r.summary.pearson.mean)} ± ${f(r.summary.pearson.sd)}`,
    `  test LL    ${f(r.summary.testLogLikelihood.mean)} ± ${f(r.summary.testLogLikelihood.sd)}`,
  ];
  return lines.join('\n');
}

/**
 * `opnas sgp`: Table 2's protocol (protocol §6.7). Fits the sparse GP on the training latents once
 * per seed 1..S — every fit on the same latents, so the spread comes only from the GP's own
 * randomness (subset, inducing points, L, minibatch order) — and reports RMSE, Pearson r and
 * test log-likelihood per seed and as mean ± population sd.
 */
export function registerSgpCommand(program: Command, io: CliIo): void {
  program
    .command('sgp')
    .description("fit the paper's sparse GP on saved latents and report Table 2's test metrics over seeds (protocol §6)")
    .requiredOption('--latents <file>', 'latents file (.safetensors) written by the training command')
    .option('--inducing <M>', 'inducing points', '500')
    .option('--epochs <n>', 'Adam epochs per fit', '100')
    .option('--seeds <n>', 'fits with seeds 1..n', '10')
    .option('--threads <n>', 'threads for the matrix kernels (default: up to 2)')
    .option('--space <name>', 'search space the latents must come from: enas6 | nb101 | nb201 (trained with --labels); default enas6', oneOf('--space', SPACE_NAMES))
    .option('--json', 'print JSON on stdout (progress stays on stderr)')
    .option('--quiet', 'no progress on stderr')
    .action(async (options: SgpCommandOptions) => {
      const inducing = integerOption(options.inducing, '--inducing', 1);
      const epochs = integerOption(options.epochs, '--epochs', 0);
      const seeds = integerOption(options.seeds, '--seeds', 1);
      const threads = options.threads === undefined ? undefined : integerOption(options.threads, '--threads', 1);
      let latents;
      try {
        latents = await readLatents(options.latents);
      } catch (error) {
        throw new CliError(`sgp: ${(error as Error).message}`);
      }
      // Latents of a benchmark run record its space (ENAS-6 latents record none).
      const space = options.space ?? 'enas6';
      const recorded = latents.metadata['space'] ?? 'enas6';
      if (recorded !== space) throw new CliError(`sgp: ${options.latents} holds ${recorded} latents, not ${space}; give --space ${recorded}`, 2);
      const { train, test } = latents;
      if (train.dim !== test.dim) {
        throw new CliError(`sgp: ${options.latents}: train latents have ${train.dim} dimensions but test latents have ${test.dim}`);
      }
      const progress = !options.quiet;
      const results: SgpSeedResult[] = [];
      try {
        const normalisation = targetStatistics(train.accuracy);
        const y = normaliseTargets(train.accuracy, normalisation);
        const xTrain = { rows: train.count, cols: train.dim, data: train.mu };
        const xTest = { rows: test.count, cols: test.dim, data: test.mu };
        for (let seed = 1; seed <= seeds; seed++) {
          let lastEpoch = 0;
          const gp = new SparseGp({
            seed,
            inducingPoints: inducing,
            epochs,
            ...(threads === undefined ? {} : { threads }),
            onProgress: (p) => {
              if (!progress) return;
              const line = `sgp: seed ${seed}/${seeds} epoch ${p.epoch}/${p.epochs} step ${p.step}/${p.totalSteps} energy ${p.energy.toFixed(1)} ${p.elapsedSeconds.toFixed(0)} s`;
              if (io.isTty) progressLine(io, line);
              else if (p.batch === p.batches && (p.epoch % 10 === 0 || p.epoch === p.epochs) && p.epoch !== lastEpoch) {
                lastEpoch = p.epoch;
                io.stderr(`${line}\n`);
              }
            },
          });
          const summary = await gp.fit(xTrain, y);
          const m = accuracyPredictionMetrics(gp.predict(xTest), test.accuracy, normalisation);
          results.push({
            seed,
            rmse: m.rmse,
            pearson: m.pearson,
            testLogLikelihood: m.testLogLikelihood,
            spearman: m.spearman,
            kendallTau: m.kendallTau,
            fitSeconds: summary.seconds,
          });
          if (progress) {
            const done = `sgp: seed ${seed}/${seeds} done in ${summary.seconds.toFixed(0)} s: RMSE ${m.rmse.toFixed(4)}, r ${m.pearson.toFixed(4)}, LL ${m.testLogLikelihood.toFixed(4)}, energy ${summary.lastEpochEnergyPerPoint.toFixed(4)}/point`;
            if (io.isTty) progressLine(io, done, true);
            else io.stderr(`${done}\n`);
          }
          // An underfit is visible: the energy was still climbing when the epochs ran out.
          if (summary.stillImproving && !options.quiet) {
            io.stderr(
              `sgp: seed ${seed}: the energy was still improving at the last epoch (${((summary.recentShareOfGain ?? 1) * 100).toFixed(0)} % of its gain in the last tenth); more --epochs would fit further\n`,
            );
          }
        }
      } catch (error) {
        if (error instanceof SgpArgumentError || error instanceof SgpNumericalError) {
          throw new CliError(`sgp: ${options.latents}: ${error.message}`);
        }
        throw error;
      }
      const pick = (key: keyof Omit<SgpSeedResult, 'seed' | 'fitSeconds'>) => meanSd(results.map((r) => r[key]));
      const report: SgpReport = {
        latents: options.latents,
        scale: 'standardised-negated-accuracy',
        train: train.count,
        test: test.count,
        dim: train.dim,
        inducing,
        epochs,
        seeds: results,
        summary: {
          rmse: pick('rmse'),
          pearson: pick('pearson'),
          testLogLikelihood: pick('testLogLikelihood'),
          spearman: pick('spearman'),
          kendallTau: pick('kendallTau'),
        },
      };
      emit(io, options.json, report, formatReport);
    });
}
