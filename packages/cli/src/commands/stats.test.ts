import { describe, expect, it } from 'vitest';
import { CliError } from '../output.js';
import { registerStatsCommand, type StatsReport } from './stats.js';
import { commandRunner, TEST_DATA } from '../cli-io.test-util.js';

const data = TEST_DATA;

const run = commandRunner(registerStatsCommand);

describe('opnas stats', () => {
  it('prints the protocol §8 numbers for the train split as JSON', async () => {
    const r = run(['stats', '--data', data, '--json']);
    await r.done;
    const report = JSON.parse(r.output()) as StatsReport;
    expect(report.split).toBe('train');
    expect(report.graphs).toBe(17118);
    expect(report.pearson.apl.toFixed(4)).toBe('0.3207');
    expect(report.pearson.transitivity.toFixed(4)).toBe('-0.3974');
    expect(report.spearman.apl.toFixed(3)).toBe('0.333');
    expect(report.spearman.transitivity.toFixed(3)).toBe('-0.386');
    expect(report.kendall.apl).toBeGreaterThan(0);
    expect(report.groups.map((g) => [g.label, g.size])).toEqual([
      [0.7, 22],
      [0.71, 267],
      [0.72, 2129],
      [0.73, 10277],
      [0.74, 4410],
      [0.75, 13],
    ]);
    expect(report.groups[0]!.meanApl.toFixed(3)).toBe('1.594');
  });

  it('covers all 19,020 graphs with --split all and prints a table without --json', async () => {
    const r = run(['stats', '--data', data, '--split', 'all']);
    await r.done;
    expect(r.output()).toContain('all split (19020 graphs)');
    expect(r.output()).toMatch(/pearson\s+\+0\.3185\s+-0\.3952/);
  });

  it('rejects an unknown split and a missing file with one-line errors', async () => {
    await expect(run(['stats', '--split', 'validation']).done).rejects.toThrow(CliError);
    await expect(run(['stats', '--split', 'validation']).done).rejects.toThrow('stats: --split must be train, test or all, got "validation"');
    await expect(run(['stats', '--data', '/nonexistent/enas.txt']).done).rejects.toThrow(/^stats: .*nonexistent/);
  });
});
