import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The sections every finished report has, in order. */
export const REPORT_SECTIONS = [
  '## 1. Data',
  '## 2. Training',
  '## 3. Table 1',
  '## 4. Table 2',
  '## 5. Bayesian optimisation',
  '## 6. Graph statistics',
  '## 7. Latent maps',
  '## Run time per stage',
] as const;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

type Json = Record<string, unknown>;

async function stageResult(out: string, stage: string): Promise<Json> {
  const record = JSON.parse(await readFile(join(out, stage, 'stage.json'), 'utf8')) as { result: Json };
  return record.result;
}

/**
 * Checks a finished reproduction folder: the report's structure (sections in order, well-formed
 * tables, every figure present as a real PNG, no NaN or undefined in the text) and that every
 * number the stages recorded is finite and in its range. Returns the problems found (empty if
 * none). CI runs it on the smoke preset.
 */
export async function checkReproduction(out: string): Promise<string[]> {
  const problems: string[] = [];
  const fail = (what: string) => problems.push(what);
  const report = await readFile(join(out, 'REPORT.md'), 'utf8');
  const html = await readFile(join(out, 'REPORT.html'), 'utf8');

  let last = -1;
  for (const section of REPORT_SECTIONS) {
    const at = report.indexOf(`\n${section}`);
    if (at < 0) fail(`REPORT.md has no section "${section}"`);
    else if (at < last) fail(`REPORT.md: section "${section}" is out of order`);
    else last = at;
  }
  if (!html.includes('<table>') || !html.includes('<img')) fail('REPORT.html has no tables or no figures');
  for (const bad of ['NaN', 'Infinity', 'undefined', '[object Object]']) {
    if (report.includes(bad)) fail(`REPORT.md contains "${bad}"`);
  }

  // Every row of a table has as many cells as its header.
  let header: string | null = null;
  for (const [k, line] of report.split('\n').entries()) {
    if (!line.startsWith('|')) header = null;
    else if (header === null) header = line;
    else if (line.split('|').length !== header.split('|').length) fail(`REPORT.md line ${k + 1}: ${line.split('|').length - 2} cells, header has ${header.split('|').length - 2}`);
  }

  const images = [...report.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
  if (images.length < 8) fail(`REPORT.md shows ${images.length} figures, expected at least 8`);
  for (const image of images) {
    const bytes = await readFile(join(out, image)).catch(() => null);
    if (bytes === null) fail(`figure ${image} is missing`);
    else if (bytes.length < 1000 || !PNG_MAGIC.every((b, i) => bytes[i] === b)) fail(`figure ${image} is not a PNG image`);
  }

  const finite = (value: unknown, what: string, min = -Infinity, max = Infinity) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) fail(`${what} is ${String(value)}, expected a finite number in [${min}, ${max}]`);
  };

  const stages = (await readdir(out)).sort();
  const trains = stages.filter((s) => s.startsWith('2-train-'));
  if (trains.length !== 6) fail(`expected 6 training stages, found ${trains.length}`);
  for (const stage of trains) {
    const r = await stageResult(out, stage);
    const lastEntry = r['last'] as Json;
    finite(lastEntry['recon'], `${stage} reconstruction loss`, 0);
    finite(lastEntry['kl'], `${stage} KL`, 0);
  }

  const table1 = (await stageResult(out, '3-table1'))['rows'] as { model: string; metrics: Json }[];
  if (table1.length !== 6) fail(`Table 1 has ${table1.length} rows, expected 6`);
  for (const row of table1) {
    for (const key of ['reconstruction', 'validity', 'validity8', 'uniqueness', 'novelty']) finite(row.metrics[key], `Table 1 ${row.model} ${key}`, 0, 1);
    finite(row.metrics['testNll'], `Table 1 ${row.model} test NLL`, 0);
  }

  const table2 = stages.filter((s) => s.startsWith('4-table2-'));
  if (table2.length !== 6) fail(`expected 6 Table 2 stages, found ${table2.length}`);
  for (const stage of table2) {
    const r = await stageResult(out, stage);
    finite((r['rmse'] as Json)['mean'], `${stage} RMSE`, 0, 10);
    finite((r['pearson'] as Json)['mean'], `${stage} Pearson r`, -1, 1);
  }

  const bo = stages.filter((s) => s.startsWith('5-bo-'));
  if (bo.length !== 2) fail(`expected BO stages for dvae and dvae-emb, found ${bo.length}`);
  for (const stage of bo) {
    const r = await stageResult(out, stage);
    const lookup = (r['settings'] as Json)['evaluator'] === 'lookup';
    for (const c of r['curves'] as Json[]) finite(c['bestSoFar'], `${stage} best so far`, lookup ? 0.702 : 0, lookup ? 0.7502 : 1);
    for (const c of (r['queryCurves'] as Json[] | undefined) ?? [])
      finite(c['bestSoFar'], `${stage} best so far at query ${String(c['query'])}`, lookup ? 0.702 : 0, lookup ? 0.7502 : 1);
    for (const d of (r['decodes'] as Json[] | undefined) ?? []) {
      const points = d['points'] as number;
      finite(points, `${stage} ${String(d['arm'])} points decoded`, 1);
      finite(d['valid'], `${stage} ${String(d['arm'])} valid decodes`, 0, points);
      if ((d['novel'] as number) + (d['inTraining'] as number) !== d['valid']) fail(`${stage} ${String(d['arm'])}: novel + in training ≠ valid decodes`);
    }
    if ((r['top'] as unknown[]).length === 0) fail(`${stage} found no architectures`);
  }
  // Latent mode with the ENAS surrogate also runs the baselines on the same evaluator, budget and seeds.
  if (stages.includes('5-search-baselines')) {
    const r = await stageResult(out, '5-search-baselines');
    for (const c of r['queryCurves'] as Json[]) finite(c['bestSoFar'], `5-search-baselines ${String(c['arm'])} best so far at query ${String(c['query'])}`, 0, 1);
    const arms = new Set((r['queryCurves'] as Json[]).map((c) => c['arm']));
    if (arms.size !== 2) fail(`5-search-baselines has curves for ${arms.size} arm(s), expected random search and regularised evolution`);
    if ((r['top'] as unknown[]).length === 0) fail('5-search-baselines found no architectures');
    if (!String(r['scoreLabel']).startsWith('SURROGATE')) fail('5-search-baselines scores are not labelled SURROGATE');
  }

  // Graph statistics depend on the data only: protocol §8's values, whatever the preset.
  const stats = await stageResult(out, '6-graph-stats');
  const pearson = stats['pearson'] as Json;
  finite(pearson['apl'], 'Pearson r of APL and accuracy', 0.3197, 0.3217);
  finite(pearson['transitivity'], 'Pearson r of clustering and accuracy', -0.3984, -0.3964);
  return problems;
}
