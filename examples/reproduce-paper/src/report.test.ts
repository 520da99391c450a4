import { describe, expect, it } from 'vitest';
import { PRESETS } from './presets.js';
import { renderReport } from './report.js';

const data = {
  path: '/data/final_structures6.txt',
  sha256: 'fea9a7dde1545e7d3bd58fd4b9c3db08a89c18e0351f770cde2fe530c4791725',
  lines: 20020, burnIn: 1000, graphs: 19020, train: 17118, test: 1902, distinctGraphs: 19015, distinctInFile: 20015,
  accuracy: { min: 0.702, max: 0.7502, mean: 0.7363, sd: 0.00612 },
  trainAccuracy: { mean: 0.7363160766, sd: 0.0061346824 },
  testAccuracy: { mean: 0.7361216, sd: 0.0059869 },
};
const graphStats = {
  dir: '6-graph-stats',
  result: {
    graphs: 17118,
    pearson: { apl: 0.32071, transitivity: -0.39741 },
    spearman: { apl: 0.3332, transitivity: -0.3858 },
    groups: [{ label: 0.7, size: 22, meanApl: 1.5942, meanTransitivity: 0.6591 }],
    figures: [{ title: 'APL by group', svg: 'apl.svg', png: 'apl.png' }],
  },
};

describe('renderReport', () => {
  const report = renderReport({ preset: PRESETS.smoke, data, graphStats, stageSeconds: { '1-data': 0.2 } });

  it('states the preset and its scale at the top', () => {
    const top = report.split('\n').slice(0, 6).join('\n');
    expect(top).toContain('Preset **smoke**');
    expect(top).toContain('hidden 16, latent 8, 3 epochs');
  });

  it('puts the reference numbers beside ours in well-formed tables', () => {
    expect(report).toContain('| Pearson r, average path length | 0.32 | +0.3207 | +0.3207 |');
    expect(report).toContain('| 0.70 | 22 | 22 | 1.594 | 1.594 | 0.659 | 0.659 |');
    // Every table row has as many cells as its table's header.
    const tables: string[][] = [];
    let current: string[] | null = null;
    for (const line of report.split('\n')) {
      if (!line.startsWith('|')) current = null;
      else if (current) current.push(line);
      else tables.push((current = [line]));
    }
    expect(tables.length).toBeGreaterThanOrEqual(3);
    for (const table of tables) for (const line of table) expect(line.split('|').length, line).toBe(table[0]!.split('|').length);
    expect(report).toContain('![APL by group](6-graph-stats/apl.png)');
  });
});
