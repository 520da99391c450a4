import type { Command, Option } from 'commander';
import { registerBoCommand, registerRunDecoderLoader } from './commands/bo.js';
import { registerDagCommand } from './commands/dag.js';
import { registerDataCommand } from './commands/data.js';
import { registerEncodeCommand } from './commands/encode.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerPlotCommand } from './commands/plot.js';
import { registerSgpCommand } from './commands/sgp.js';
import { registerStatsCommand } from './commands/stats.js';
import { registerTrainCommand } from './commands/train.js';
import { type CliIo, processIo } from './output.js';
import { OpnasCommand } from './opnas-command.js';
import { loadRunDecoder } from './run-decoder.js';

/** The `opnas` program with every subcommand registered. */
export function createProgram(io: CliIo = processIo): Command {
  const program = new OpnasCommand('opnas')
    .description('Graph-based neural architecture search with learnable operation embeddings')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .configureHelp({ optionDescription: describeOption });
  // Latent-mode BO decodes with a training run's saved model.
  registerRunDecoderLoader(loadRunDecoder);
  registerDataCommand(program, io);
  registerDagCommand(program, io);
  registerTrainCommand(program, io);
  registerEvalCommand(program, io);
  registerEncodeCommand(program, io);
  registerStatsCommand(program, io);
  registerPlotCommand(program, io);
  registerSgpCommand(program, io);
  registerBoCommand(program, io);
  return program;
}

/**
 * An option's `--help` text with its default written one way everywhere, `(default: 300)`:
 * commander's own default display JSON-quotes strings (`(default: "svg")`), and options whose
 * default depends on the run (train's, read from a resumed run) say it in their description.
 */
export function describeOption(option: Option): string {
  const value: unknown = option.defaultValue;
  const shown =
    option.defaultValueDescription ?? (value === undefined || option.negate || typeof value === 'boolean' ? undefined : Array.isArray(value) ? value.join(' ') : String(value));
  return shown === undefined ? option.description : `${option.description} (default: ${shown})`;
}
