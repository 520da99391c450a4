import type { EnasRecord } from '@opnas/enas-data';
import { type CorrelationResult, type StatisticPair, accuracyAnalysis } from '@opnas/graph-stats';
import type { Command } from 'commander';
import { DATA_DEFAULT_HELP, loadDataOption } from '../data-option.js';
import { CliError, emit, type CliIo } from '../output.js';

export const SPLITS = ['train', 'test', 'all'] as const;
export type Split = (typeof SPLITS)[number];

/** The JSON `opnas stats --json` prints. */
export interface StatsReport {
  readonly split: Split;
  readonly graphs: number;
  readonly pearson: { readonly apl: number; readonly transitivity: number };
  readonly spearman: { readonly apl: number; readonly transitivity: number };
  readonly kendall: { readonly apl: number; readonly transitivity: number };
  readonly pValues: {
    readonly pearson: { readonly apl: number; readonly transitivity: number };
    readonly spearman: { readonly apl: number; readonly transitivity: number };
    readonly kendall: { readonly apl: number; readonly transitivity: number };
  };
  readonly groups: readonly { readonly label: number; readonly size: number; readonly meanApl: number; readonly meanTransitivity: number }[];
}

/** protocol §8's analysis of one split: correlations of APL and transitivity with accuracy, and the performance groups. */
export function statsReport(records: readonly EnasRecord[], split: Split): StatsReport {
  const a = accuracyAnalysis(records);
  const coefficients = (pair: StatisticPair<CorrelationResult>) => ({ apl: pair.apl.coefficient, transitivity: pair.transitivity.coefficient });
  const pValues = (pair: StatisticPair<CorrelationResult>) => ({ apl: pair.apl.pValue, transitivity: pair.transitivity.pValue });
  return {
    split,
    graphs: a.graphs.length,
    pearson: coefficients(a.pearson),
    spearman: coefficients(a.spearman),
    kendall: coefficients(a.kendall),
    pValues: { pearson: pValues(a.pearson), spearman: pValues(a.spearman), kendall: pValues(a.kendall) },
    groups: a.groupSummaries,
  };
}

function formatReport(r: StatsReport): string {
  const f = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(4);
  const lines = [
    `graph statistics vs accuracy, ${r.split} split (${r.graphs} graphs)`,
    `              APL       transitivity`,
    `pearson    ${f(r.pearson.apl)}    ${f(r.pearson.transitivity)}`,
    `spearman   ${f(r.spearman.apl)}    ${f(r.spearman.transitivity)}`,
    `kendall    ${f(r.kendall.apl)}    ${f(r.kendall.transitivity)}`,
    '',
    `group   size   mean APL   mean T`,
    ...r.groups.map((g) => `${g.label.toFixed(2)}  ${String(g.size).padStart(6)}   ${g.meanApl.toFixed(3)}      ${g.meanTransitivity.toFixed(3)}`),
  ];
  return lines.join('\n');
}

/** `opnas stats`: the paper's graph-statistics analysis (protocol §8). */
export function registerStatsCommand(program: Command, io: CliIo): void {
  program
    .command('stats')
    .description('correlate average path length and transitivity with accuracy, and list the performance groups (protocol §8)')
    .option('--data <path>', `ENAS data file (default: ${DATA_DEFAULT_HELP})`)
    .option('--split <split>', "train (the paper's population), test or all", 'train')
    .option('--json', 'print JSON')
    .action(async (options: { data?: string; split: string; json?: boolean }) => {
      if (!(SPLITS as readonly string[]).includes(options.split)) {
        throw new CliError(`stats: --split must be train, test or all, got "${options.split}"`, 2);
      }
      const split = options.split as Split;
      let dataset;
      try {
        dataset = await loadDataOption(io, options.data);
      } catch (error) {
        throw new CliError(`stats: ${(error as Error).message}`);
      }
      const records = split === 'train' ? dataset.train : split === 'test' ? dataset.test : dataset.graphs;
      emit(io, options.json, statsReport(records, split), formatReport);
    });
}
