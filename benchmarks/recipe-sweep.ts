/**
 * The training-recipe sweep of issue 18: trials of `opnas train` (D-VAE first) with different
 * learning rates, schedules, batch sizes and widths, each followed by a quick `opnas eval`, so a
 * user can read why the recipe is what it is. Trials are listed in a JSON file (an array of
 * `{ name, args }`, `args` being extra `opnas train` flags; see benchmarks/recipe/trials.json);
 * `--parallel K` trials run at once, each with `--workers` worker threads. Every trial resumes
 * from its own checkpoint when the sweep is started again, so a killed sweep loses at most one
 * batch per trial.
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/recipe-sweep.ts \
 *     --trials benchmarks/recipe/trials.json --root /work/sweep --results benchmarks/results/recipe \
 *     [--parallel 2] [--workers 1] [--only name,name] [--data PATH]
 *
 * Writes <root>/<trial>/ (run directories, never committed) and <results>/<trial>.json: the
 * flags, every epoch's losses and wall time, the evaluation, and the load average seen.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const trialsFile = resolve(option('trials', join(here, 'recipe/trials.json')));
const root = resolve(option('root', '/work/sweep'));
const results = resolve(option('results', join(here, 'results/recipe')));
const parallel = Number(option('parallel', '2'));
const workers = option('workers', '1');
const only = option('only', '')
  .split(',')
  .filter((s) => s !== '');
const data = option('data', process.env['OPNAS_ENAS_DATA'] ?? resolve(repo, '../shared/data/enas/final_structures6.txt'));
const evalArgs = ['--decodings', '10', '--points', '200'];

interface Trial {
  readonly name: string;
  readonly note?: string;
  readonly args: readonly string[];
}
const trials = (JSON.parse(readFileSync(trialsFile, 'utf8')) as Trial[]).filter((t) => only.length === 0 || only.includes(t.name));
mkdirSync(results, { recursive: true });

const loads: Record<string, number[]> = {};
const sampler = setInterval(() => {
  for (const key of Object.keys(loads)) loads[key]!.push(Number(loadavg()[0]!.toFixed(2)));
}, 60_000);

function opnas(args: readonly string[], log: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--conditions=@opnas/source', '--import', 'tsx', join(repo, 'packages/cli/src/bin.ts'), ...args], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => writeFileSync(log, d, { flag: 'a' }));
    child.on('close', (code) => (code === 0 ? done(out) : fail(new Error(`opnas ${args[0]} exited with ${code}; see ${log}`))));
  });
}

async function run(trial: Trial): Promise<void> {
  const out = join(root, trial.name);
  const log = join(root, `${trial.name}.log`);
  mkdirSync(root, { recursive: true });
  loads[trial.name] = [Number(loadavg()[0]!.toFixed(2))];
  const started = Date.now();
  // A finished trial keeps the record written when it finished (its load samples and times).
  if (existsSync(join(out, 'model.safetensors')) && existsSync(join(out, 'sweep-eval.json')) && existsSync(join(results, `${trial.name}.json`))) {
    process.stderr.write(`${trial.name}: finished earlier, record kept\n`);
    return;
  }
  if (!existsSync(join(out, 'model.safetensors'))) {
    const resume = existsSync(join(out, 'config.json'));
    await opnas(['train', ...(resume ? ['--resume'] : trial.args), '--out', out, '--workers', workers, '--data', data, '--no-latents', '--json'], log);
  }
  const evaluation = existsSync(join(out, 'sweep-eval.json'))
    ? JSON.parse(readFileSync(join(out, 'sweep-eval.json'), 'utf8'))
    : JSON.parse(await opnas(['eval', '--run', out, '--workers', workers, '--data', data, ...evalArgs, '--json', '--quiet'], log));
  writeFileSync(join(out, 'sweep-eval.json'), `${JSON.stringify(evaluation)}\n`);
  const epochs = readFileSync(join(out, 'train-log.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, number>);
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
  const record = {
    name: trial.name,
    note: trial.note ?? '',
    args: trial.args,
    modelOptions: config['modelOptions'],
    settings: config['settings'],
    workers: Number(workers),
    parallelTrials: parallel,
    trainSeconds: epochs.reduce((s, e) => s + e['seconds']!, 0),
    epochs,
    evaluation: { options: evalArgs.join(' '), ...evaluation },
    loadAverage: loads[trial.name],
    sessionSeconds: (Date.now() - started) / 1000,
    finished: new Date().toISOString(),
  };
  writeFileSync(join(results, `${trial.name}.json`), `${JSON.stringify(record, null, 1)}\n`);
  process.stderr.write(`${trial.name}: done, final recon ${epochs.at(-1)?.['recon']?.toFixed(3)}, eval ${JSON.stringify(evaluation).slice(0, 200)}\n`);
}

const queue = [...trials];
await Promise.all(
  Array.from({ length: parallel }, async () => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      process.stderr.write(`${new Date().toISOString()} ${t.name}: ${t.args.join(' ')} (load ${loadavg()[0]!.toFixed(2)})\n`);
      try {
        await run(t);
      } catch (error) {
        process.stderr.write(`${t.name}: FAILED ${(error as Error).message}\n`);
      }
    }
  }),
);
clearInterval(sampler);
