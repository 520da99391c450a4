import { Command } from 'commander';
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
import { loadRunDecoder } from './run-decoder.js';

/** The `opnas` program with every subcommand registered. */
export function createProgram(io: CliIo = processIo): Command {
  const program = new Command('opnas')
    .description('Graph-based neural architecture search with learnable operation embeddings')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
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
