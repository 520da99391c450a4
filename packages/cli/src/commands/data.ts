import { splitIndices, summariseEnasDataset } from '@opnas/enas-data';
import type { Command } from 'commander';
import { DATA_DEFAULT_HELP, loadDataOption } from '../data-option.js';
import { CliError, type CliIo, emit } from '../output.js';
import { positiveInteger } from '../parse-options.js';

/** `opnas data info` and `opnas data split`. */
export function registerDataCommand(program: Command, io: CliIo): void {
  const data = program.command('data').description('the ENAS dataset: summary and the reference train/test split');

  data
    .command('info')
    .description('counts, accuracy statistics and sha256 of the data file (protocol §1.2)')
    .option('--data <path>', `ENAS data file (default: ${DATA_DEFAULT_HELP})`)
    .option('--json', 'print JSON')
    .action(async (options: { data?: string; json?: boolean }) => {
      const summary = summariseEnasDataset(await loadDataOption(io, options.data));
      emit(io, options.json, summary, (s) =>
        [
          `file          ${s.path}`,
          `sha256        ${s.sha256}`,
          `lines         ${s.lines} (burn-in ${s.burnIn})`,
          `graphs        ${s.graphs} (train ${s.train}, test ${s.test})`,
          `distinct      ${s.distinctGraphs} graphs, ${s.distinctInFile} in the whole file`,
          `accuracy      min ${s.accuracy.min.toFixed(4)}  max ${s.accuracy.max.toFixed(4)}  mean ${s.accuracy.mean.toFixed(5)}  sd ${s.accuracy.sd.toFixed(6)}`,
          `train acc     mean ${s.trainAccuracy.mean.toFixed(7)}  sd ${s.trainAccuracy.sd.toFixed(7)}`,
          `test acc      mean ${s.testAccuracy.mean.toFixed(7)}  sd ${s.testAccuracy.sd.toFixed(7)}`,
        ].join('\n'),
      );
    });

  data
    .command('split')
    .description('the reference split: random.Random(0).shuffle of the post-burn-in graphs, 90% train (protocol §1.6)')
    .option('--data <path>', `ENAS data file (default: ${DATA_DEFAULT_HELP})`)
    .option('--head <n>', 'how many leading indices of each split to print', positiveInteger('--head'), 10)
    .option('--json', 'print JSON')
    .action(async (options: { data?: string; head: number; json?: boolean }) => {
      const dataset = await loadDataOption(io, options.data);
      if (dataset.graphs.length < 2) throw new CliError('opnas data split: the data file has fewer than 2 graphs');
      const split = splitIndices(dataset.graphs.length);
      const result = {
        trainHead: split.train.slice(0, options.head),
        testHead: split.test.slice(0, options.head),
        train: split.train.length,
        test: split.test.length,
      };
      emit(io, options.json, result, (r) =>
        [
          `train ${r.train}: ${r.trainHead.join(' ')}${r.train > r.trainHead.length ? ' …' : ''}`,
          `test  ${r.test}: ${r.testHead.join(' ')}${r.test > r.testHead.length ? ' …' : ''}`,
        ].join('\n'),
      );
    });
}
