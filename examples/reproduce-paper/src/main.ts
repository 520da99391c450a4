import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import writeFileAtomic from 'write-file-atomic';
import { dataStage, defaultDataPath, loadData } from './data-stage.js';
import { graphStatsStage } from './graph-stats-stage.js';
import { PENDING_STAGES, renderReport } from './report.js';
import { PRESETS, type Preset } from './presets.js';
import { runStage } from './stage-cache.js';

const program = new Command('reproduce')
  .description('Reproduce the paper end to end as resumable stages with cached artifacts.')
  .option('--preset <name>', 'smoke | cpu | paper', (v: string) => {
    if (!(v in PRESETS)) throw new InvalidArgumentError(`--preset must be one of ${Object.keys(PRESETS).join(', ')}, got "${v}"`);
    return v as Preset['name'];
  }, 'smoke' as Preset['name'])
  .option('--out <dir>', 'output folder (default: runs/<preset>)')
  .option('--data <path>', 'ENAS data file (default: OPNAS_ENAS_DATA, a shared copy, or a verified download)')
  .option('--json', 'print the final summary as JSON')
  .action(async (options: { preset: Preset['name']; out?: string; data?: string; json?: boolean }) => {
    const preset = PRESETS[options.preset];
    const out = resolve(options.out ?? join('runs', preset.name));
    await mkdir(out, { recursive: true });
    const log = (line: string) => process.stderr.write(`[reproduce] ${line}\n`);
    log(`preset ${preset.name}: ${preset.description}`);
    log(`output: ${out}`);
    const dataPath = await defaultDataPath(options.data);
    const dataset = await loadData(dataPath);
    // Stages are keyed by the data's hash and their settings, so a changed file reruns them.
    const data = await runStage(out, '1-data', { sha256: dataset.sha256 }, async () => dataStage(dataset), log);
    const stats = await runStage(out, '6-graph-stats', { sha256: dataset.sha256, version: 1 }, (dir) => graphStatsStage(dataset, dir), log);
    const report = renderReport({
      preset,
      data: data.result,
      graphStats: { result: stats.result, dir: '6-graph-stats' },
      stageSeconds: { '1-data': data.seconds, '6-graph-stats': stats.seconds },
    });
    await writeFileAtomic(join(out, 'REPORT.md'), report);
    log(`wrote ${join(out, 'REPORT.md')}`);
    for (const stage of PENDING_STAGES) log(`still to come: ${stage}`);
    const summary = { preset: preset.name, out, report: join(out, 'REPORT.md'), data: data.result, pending: PENDING_STAGES };
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else process.stdout.write(`${report}\n`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`reproduce: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exitCode = 1;
});
