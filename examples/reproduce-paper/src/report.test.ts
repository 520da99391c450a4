import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProgram } from '@opnas/cli';
import type { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shellWords } from './opnas.js';
import { checkReproduction } from './check-report.js';
import { PRESETS } from './presets.js';
import { renderReport, runnableCommand } from './report.js';
import { reportHtml } from './report-files.js';
import { reportInput, writeReproductionFixture } from './report-fixture.test-util.js';

/** Tables of a markdown text as lists of rows. */
function tables(markdown: string): string[][] {
  const found: string[][] = [];
  let current: string[] | null = null;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) current = null;
    else if (current) current.push(line);
    else found.push((current = [line]));
  }
  return found;
}

describe('renderReport', () => {
  const report = renderReport(reportInput());

  it('states the preset, its scale and where it ran at the top', () => {
    const top = report.split('\n').slice(0, 8).join('\n');
    expect(top).toContain('Preset **smoke**');
    expect(top).toContain('hidden 16, latent 8, 3 epochs');
    expect(top).toContain('Backend wasm, 2 worker(s)');
  });

  it("puts the paper's numbers beside ours, in well-formed tables", () => {
    expect(report).toContain('| D-VAE | 99.96 | 50.00 | 100.00 | 90.00 | 80.00 | 37.26 | 40.00 | 100.00 | 12.500 |');
    expect(report).toContain('| DVAE-EMB | 0.371 ± 0.003 | 0.900 ± 0.000 | 0.925 ± 0.001 | 0.450 ± 0.000 |');
    expect(report).toContain('| Pearson r, average path length | 0.32 | +0.3207 | +0.3207 |');
    const all = tables(report);
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const table of all) for (const line of table) expect(line.split('|').length, line).toBe(table[0]!.split('|').length);
  });

  it('marks reduced-scale numbers, and none at the paper preset', () => {
    expect(report).toContain('**Reduced scale** (preset smoke');
    expect(renderReport(reportInput(PRESETS.paper))).not.toContain('Reduced scale');
  });

  it('marks surrogate scores wherever they appear', () => {
    const surrogate = renderReport(reportInput(PRESETS.smoke, { surrogate: true }));
    expect(surrogate).toContain('**Scores are SURROGATE predictions, not measured accuracies.**');
    expect(surrogate).toContain('0.7471 (surrogate)');
    expect(report).not.toContain('SURROGATE');
  });

  it("latent mode: the per-query figure, the arms at the end of the budget, decodes, the baselines and the paper's Figs. 5–6 with the caveat", () => {
    const latent = renderReport(reportInput(PRESETS.smoke, { surrogate: true }));
    expect(latent).toContain('(7-maps/search-best-so-far.png)');
    expect(latent).toContain('| D-VAE BO | 0.7470 ± 0.0010 (SURROGATE) | 0.7350 ± 0.0020 (SURROGATE) |');
    expect(latent).toContain('| regularised evolution | 0.7430 ± 0.0000 (SURROGATE) | 0.7310 ± 0.0000 (SURROGATE) |');
    expect(latent).toContain('| D-VAE | BO | 10 | 80.00 % | 60.00 % | 20.00 % | 7 |');
    expect(latent).toContain('**Not comparable numbers**');
    expect(latent).toContain('| rank | D-VAE (paper, CIFAR-10 test %) | D-VAE (ours, %, SURROGATE) | DVAE-EMB (paper, CIFAR-10 test %) | DVAE-EMB (ours, %, SURROGATE) |');
    expect(latent).toContain('| 1 | 94.80 | 74.71 | 95.35 | 74.71 |');
    expect(latent).toContain('| 1 | `0 1 0 5 1 1 2 0 0 0 3 1 0 0 0 4 0 0 0 1 1` | 0.7433 (surrogate) | regularised evolution |');
    for (const table of tables(latent)) for (const line of table) expect(line.split('|').length, line).toBe(table[0]!.split('|').length);
    // pool mode has no decodes and no baselines
    expect(report).not.toContain('What the decoder made');
    expect(report).not.toContain('### Random search and regularised evolution');
  });

  it('shows every figure, the embedding table with its distances, and the stage times', () => {
    for (const name of ['losses-recon', 'bo-best-so-far', 'top-dvae-emb', 'tsne-dvae-emb']) expect(report).toContain(`(7-maps/${name}.png)`);
    expect(report).toContain('![figure apl-by-group](6-graph-stats/apl-by-group.png)');
    expect(report).toContain('**DVAE-EMB**, table after iteration 2:');
    expect(report).toContain('| conv3 | 2 | 1 | 0 | 1 | 2 | 3 | 4 | 5 |'.replace(/ (\d) /g, (_, d) => ` ${d === '0' ? '0' : `${d}.00`} `));
    expect(report).toContain('| total | 5.2 s |');
  });

  /** Every `opnas …` command the report prints, as words. */
  const printed = (markdown: string) => [...markdown.matchAll(/`(opnas [^`]+)`/g)].map((m) => shellWords(m[1]!));

  it('prints commands that run as printed from the report folder', async () => {
    const input = reportInput();
    expect(report).toContain("Every `opnas` command below runs as printed from this report's folder");
    const commands = printed(report);
    // train ×6, eval ×6, sgp ×6, bo ×2, tsne, losses
    expect(commands.length).toBe(22);
    const stageDirs = new Set([...input.train.map((t) => t.dir), ...input.bo.map((b) => b.dir), input.maps!.dir]);
    const runs = new Set(input.train.map((t) => `${t.dir}/run`));
    for (const words of commands) {
      const line = words.join(' ');
      // The real opnas parser accepts it: every command and option exists, values fit.
      const program = createProgram({ stdout: () => {}, stderr: () => {}, isTty: false });
      const stub = (c: Command): void => {
        c.exitOverride();
        if (c.commands.length === 0) c.action(() => {});
        c.commands.forEach(stub);
      };
      stub(program);
      await expect(program.parseAsync(words.slice(1), { from: 'user' }), line).resolves.toBeDefined();
      for (let i = 1; i < words.length; i++) {
        const option = words[i - 1]!;
        if (!['--run', '--latents', '--out', '--log'].includes(option)) continue;
        for (let j = i; j < words.length && !words[j]!.startsWith('--'); j++) {
          const path = words[j]!;
          // Relative to the report's folder, inside one of its stage folders.
          expect(path.startsWith('/') || path.startsWith('runs/'), `${line}: ${path}`).toBe(false);
          expect(stageDirs.has(path.split('/')[0]!), `${line}: ${path}`).toBe(true);
          if (option === '--run') expect(runs.has(path), `${line}: ${path}`).toBe(true);
          if (option === '--latents') expect(runs.has(path.replace(/\/latents\.safetensors$/, '')), `${line}: ${path}`).toBe(true);
        }
      }
      // The data was found by the usual lookup, so the commands find it the same way.
      expect(words, line).not.toContain('--data');
    }
  });

  it("passes the reproduction's own --data on, as an absolute path", () => {
    const withData = renderReport(reportInput(PRESETS.smoke, { dataOption: '/data/enas/final_structures6.txt' }));
    const train = printed(withData).find((w) => w[1] === 'train')!;
    expect(train.slice(train.indexOf('--data'), train.indexOf('--data') + 2)).toEqual(['--data', '/data/enas/final_structures6.txt']);
    expect(runnableCommand('opnas eval --run runs/dvae --data final_structures6.txt', { train: [], bo: [] })).toBe('opnas eval --run runs/dvae');
  });

  it('says that nearest operations leave out input and output, and when a table barely moved', () => {
    expect(report).toContain('Nearest operation (among the six operations; the input and output types are left out):');
    expect(report).toContain('**This table barely moved from its start**: it differs from the table training started from by 0.40 %');
    const moved = renderReport(reportInput(PRESETS.smoke, { relativeChange: 0.25 }));
    expect(moved).not.toContain('barely moved from its start**');
    expect(moved).toContain('It differs from the table training started from by 25.0 % (relative Frobenius norm).');
    expect(renderReport(reportInput(PRESETS.smoke, { relativeChange: null }))).toContain('was not recorded for this run');
  });

  it('converts to an HTML page with the same tables and figures', () => {
    const html = reportHtml(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<table>/g)?.length).toBe(tables(report).length);
    expect(html).toContain('<img src="7-maps/tsne-dvae.png"');
  });
});

describe('checkReproduction', () => {
  let out: string;
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'opnas-check-'));
  });
  afterEach(() => rm(out, { recursive: true, force: true }));

  it('accepts a complete, well-formed folder', async () => {
    await writeReproductionFixture(out);
    expect(await checkReproduction(out)).toEqual([]);
  });

  it('checks the latent-mode stages: decode counts and the baselines', async () => {
    const input = reportInput(PRESETS.smoke, { surrogate: true });
    await writeReproductionFixture(out, input);
    expect(await checkReproduction(out)).toEqual([]);
    const broken = {
      ...input,
      bo: input.bo.map((b) => ({ ...b, result: { ...b.result, decodes: b.result.decodes.map((d) => ({ ...d, novel: d.novel + 1 })) } })),
      baselines: {
        ...input.baselines!,
        result: { ...input.baselines!.result, queryCurves: input.baselines!.result.queryCurves.filter((c) => c.arm === 'random search'), top: [] },
      },
    };
    await writeReproductionFixture(out, broken);
    const problems = await checkReproduction(out);
    expect(problems).toContain('5-bo-dvae bo: novel + in training ≠ valid decodes');
    expect(problems).toContain('5-search-baselines has curves for 1 arm(s), expected random search and regularised evolution');
    expect(problems).toContain('5-search-baselines found no architectures');
  });

  it('reports a missing figure, a NaN metric, an out-of-range BO score and a wrong graph statistic', async () => {
    const input = reportInput();
    const broken = {
      ...input,
      table1: { rows: input.table1!.rows.map((r, k) => (k === 0 ? { ...r, metrics: { ...r.metrics, validity: Number.NaN } } : r)) },
      bo: input.bo.map((b) => ({ ...b, result: { ...b.result, curves: b.result.curves.map((c) => ({ ...c, bestSoFar: 0.9 })) } })),
      graphStats: { ...input.graphStats, result: { ...input.graphStats.result, pearson: { apl: 0.25, transitivity: -0.3974 } } },
    };
    await writeReproductionFixture(out, broken);
    await unlink(join(out, '7-maps', 'tsne-dvae.png'));
    const problems = await checkReproduction(out);
    expect(problems).toContain('figure 7-maps/tsne-dvae.png is missing');
    // JSON has no NaN: the stage record holds null.
    expect(problems).toContain('Table 1 dvae validity is null, expected a finite number in [0, 1]');
    expect(problems).toContain('REPORT.md contains "NaN"');
    expect(problems.filter((p) => p.includes('best so far is 0.9'))).toHaveLength(8); // 2 models × 2 rounds × 2 arms
    expect(problems).toContain('Pearson r of APL and accuracy is 0.25, expected a finite number in [0.3197, 0.3217]');
  });

  it('reports a report with a missing section or a broken table', async () => {
    await writeReproductionFixture(out);
    const path = join(out, 'REPORT.md');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('## 4. Table 2', '## 4. Something else').replace('| D-VAE | 99.96 |', '| D-VAE | 99.96 | extra |'));
    const problems = await checkReproduction(out);
    expect(problems).toContain('REPORT.md has no section "## 4. Table 2"');
    expect(problems.some((p) => /^REPORT\.md line \d+: 11 cells, header has 10$/.test(p))).toBe(true);
  });
});
