import { availableParallelism } from 'node:os';
import { initRuntime } from '@opnas/runtime';
import { type Dag, enasFlatToDag } from '@opnas/dag';
import { searchSpace } from '@opnas/spaces';
import { loadRunModel, runPath } from '@opnas/train';
import type { RunWeights } from '@opnas/train';
import { encodeMeanAsync } from '@opnas/vae';
import type { Command } from 'commander';
import { CliError, type CliIo, emit } from '../output.js';
import { oneOf, positiveInteger } from '../parse-options.js';
import { SPACE_NAMES, type SpaceName, runSpace } from '../space-dataset.js';
import { cliError, loadRunDataset, writeRunLatents } from './train.js';

interface EncodeCommandOptions {
  run: string;
  out?: string;
  weights: RunWeights;
  arch?: string[];
  space?: SpaceName;
  workers?: number;
  data?: string;
  json?: boolean;
  quiet?: boolean;
}

/** What `opnas encode --json` prints. */
export interface EncodeReport {
  readonly latents: string;
  readonly model: string;
  readonly iteration: number;
  readonly epoch: number;
  readonly train: number;
  readonly test: number;
}

/** What `opnas encode --arch … --json` prints: μ of each architecture given. */
export interface EncodeArchitecturesReport {
  readonly model: string;
  readonly iteration: number;
  readonly epoch: number;
  readonly latents: readonly { readonly architecture: string; readonly mu: readonly number[] }[];
}

/**
 * `opnas encode --run DIR --out FILE`: the posterior means μ of every train and test graph
 * (protocol §5.3) with their accuracies and dataset indices, as a latents file (`@opnas/latents`)
 * for `opnas sgp`, BO and the latent-space plots. With `--arch FLAT…` it prints μ of the
 * architectures given instead, in the notation of `--space` (default ENAS-6 flat strings,
 * protocol §1.4; NB-101 / NB-201 cells for runs trained on those spaces).
 */
export function registerEncodeCommand(program: Command, io: CliIo): void {
  program
    .command('encode')
    .description('write the latents (μ of train and test graphs, with accuracies) of a trained run (protocol §5.3)')
    .requiredOption('--run <dir>', 'run directory written by opnas train')
    .option('--out <file>', 'latents file (default: <run>/latents.safetensors)')
    .option('--arch <architecture...>', "print μ of these architectures (quoted, in the notation of --space) instead of writing the dataset's latents")
    .option('--space <name>', "--arch's search space: enas6 (flat strings) | nb101 | nb201 (arch strings); the run's own; default enas6", oneOf('--space', SPACE_NAMES))
    .option('--weights <which>', 'final | checkpoint | auto (final if training completed)', oneOf('--weights', ['final', 'checkpoint', 'auto'] as const), 'auto')
    .option('--workers <w>', 'worker threads (default: one per core)', positiveInteger('--workers'))
    .option('--data <path>', "ENAS data file (default: the run's)")
    .option('--json', 'print JSON on stdout (progress stays on stderr)')
    .option('--quiet', 'no progress on stderr')
    .action(async (options: EncodeCommandOptions) => {
      await initRuntime();
      if (options.arch !== undefined && options.out !== undefined) throw new CliError('encode: --arch prints μ of the architectures given; it does not write --out', 2);
      if (options.space !== undefined && options.arch === undefined)
        throw new CliError("encode: --space is the notation of --arch; the dataset's latents use the run's own space", 2);
      const spaceName = options.space ?? 'enas6';
      const space = searchSpace(spaceName);
      // Parse first: a typo should not wait for the model to load.
      const dags: Dag[] | undefined = options.arch?.map((notation, k) => {
        try {
          return spaceName === 'enas6' ? enasFlatToDag(notation) : space.parse(notation);
        } catch (error) {
          throw new CliError(`encode: --arch ${k + 1} ("${notation}"): ${(error as Error).message}`);
        }
      });
      const loaded = await loadRunModel(options.run, options.weights).catch((error: unknown) => cliError('encode', error));
      try {
        if (dags !== undefined) {
          const trained = runSpace(loaded.config.data.source).name;
          if (trained !== spaceName) throw new CliError(`encode: ${options.run} was trained on ${trained} architectures; give --space ${trained} and its notation`, 2);
          const mu = await encodeMeanAsync(loaded.model, dags);
          const size = mu.length / dags.length;
          const report: EncodeArchitecturesReport = {
            model: loaded.config.model,
            iteration: loaded.weights.iteration,
            epoch: loaded.weights.epoch,
            latents: options.arch!.map((architecture, i) => ({ architecture, mu: Array.from(mu.subarray(i * size, (i + 1) * size)) })),
          };
          emit(io, options.json, report, (r) => r.latents.map((l) => `${l.architecture}\t${l.mu.map((x) => x.toFixed(6)).join(' ')}`).join('\n'));
          return;
        }
        const dataset = await loadRunDataset(io, loaded.config, options.data);
        const out = options.out ?? runPath(options.run, 'latents');
        await writeRunLatents(io, options.quiet ?? false, loaded.model, loaded.config, dataset, out, loaded.weights, options.workers ?? availableParallelism()).catch(
          (error: unknown) => cliError('encode', error),
        );
        const report: EncodeReport = {
          latents: out,
          model: loaded.config.model,
          iteration: loaded.weights.iteration,
          epoch: loaded.weights.epoch,
          train: dataset.train.length,
          test: dataset.test.length,
        };
        emit(io, options.json, report, (r) => `wrote ${r.latents}: μ of ${r.train} train and ${r.test} test graphs (${r.model}, iteration ${r.iteration}, epoch ${r.epoch})`);
      } finally {
        loaded.model.dispose();
      }
    });
}
