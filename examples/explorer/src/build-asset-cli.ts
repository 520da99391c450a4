import { Command } from 'commander';
import { initRuntime } from '@opnas/runtime';
import { AssetError } from './asset-format.js';
import { buildAsset } from './build-asset.js';
import { DEFAULT_ASSET_DIR } from './paths.js';

// `pnpm explorer:asset --run <dir>`: builds the explorer's data asset from a training run.
const program = new Command('explorer:asset')
  .description('build the latent-space explorer asset (model, latents, t-SNE, GP) from a training run')
  .requiredOption('--run <dir>', 'training run folder (config.json, model.safetensors, latents.safetensors)')
  .option('--out <dir>', 'output folder', DEFAULT_ASSET_DIR)
  .option('--latents <file>', "latents file (default: the run's latents.safetensors)")
  .option('--split <split>', 'latents shown on the map: train or test', 'test')
  .option('--tsne <file>', "t-SNE points from `opnas plot tsne` (tsne-<split>.json); default: the reproduction's 7-maps, else computed")
  .option('--tsne-iterations <n>', 'iterations when the t-SNE is computed here', '400')
  .option('--data <file>', 'ENAS data file (default: OPNAS_ENAS_DATA or the cached download)')
  .option('--float32', 'store weights and latents as float32 instead of float16')
  .option('--sgp-inducing <M>', 'inducing points of the sparse GP (0: no GP)', '100')
  .option('--sgp-epochs <n>', 'Adam epochs of the sparse GP', '10')
  .option('--preset <name>', "preset recorded in the asset (default: the reproduction's REPORT.md)")
  .parse();

const o = program.opts<{
  run: string;
  out: string;
  latents?: string;
  split: string;
  tsne?: string;
  tsneIterations: string;
  data?: string;
  float32?: boolean;
  sgpInducing: string;
  sgpEpochs: string;
  preset?: string;
}>();

function integer(value: string, name: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) program.error(`explorer:asset: ${name} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

if (o.split !== 'train' && o.split !== 'test') program.error(`explorer:asset: --split must be train or test, got "${o.split}"`);
await initRuntime({ backend: 'wasm' });
try {
  const manifest = await buildAsset({
    run: o.run,
    out: o.out,
    split: o.split as 'train' | 'test',
    tsneIterations: integer(o.tsneIterations, '--tsne-iterations', 1),
    float16: !o.float32,
    sgpInducing: integer(o.sgpInducing, '--sgp-inducing', 0),
    sgpEpochs: integer(o.sgpEpochs, '--sgp-epochs', 0),
    ...(o.latents === undefined ? {} : { latents: o.latents }),
    ...(o.tsne === undefined ? {} : { tsne: o.tsne }),
    ...(o.data === undefined ? {} : { data: o.data }),
    ...(o.preset === undefined ? {} : { preset: o.preset }),
    log: (line) => process.stderr.write(`explorer:asset: ${line}\n`),
  });
  process.stdout.write(`${JSON.stringify({ file: manifest.file, bytes: manifest.bytes, sha256: manifest.sha256, run: manifest.run }, null, 2)}\n`);
} catch (error) {
  if (!(error instanceof AssetError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
