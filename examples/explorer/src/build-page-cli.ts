import { Command } from 'commander';
import { PageBuildError, buildPage, shown } from './build-page.js';
import { DEFAULT_ASSET_DIR, DEFAULT_PAGE_DIR } from './paths.js';

// `pnpm explorer:page`: bundles the explorer into the docs site (run by `pnpm run docs`).
const o = new Command('explorer:page')
  .description('bundle the latent-space explorer page (and the asset, if built) into the docs site')
  .option('--out <dir>', 'output folder', DEFAULT_PAGE_DIR)
  .option('--asset <dir>', 'asset folder from `pnpm explorer:asset`', DEFAULT_ASSET_DIR)
  .option('--no-minify', 'readable bundle')
  .parse()
  .opts<{ out: string; asset: string; minify: boolean }>();

try {
  const r = await buildPage({ out: o.out, asset: o.asset, minify: o.minify });
  const what =
    r.asset === null
      ? `no asset in ${shown(o.asset)}: the page will say how to build one (pnpm explorer:asset --run <run folder>)`
      : `asset: ${r.asset.model}, ${(r.asset.bytes / 1024).toFixed(0)} KiB, sha256 ${r.asset.sha256.slice(0, 12)}…`;
  process.stderr.write(
    `explorer:page: ${shown(o.out)}: JavaScript ${(r.bundleBytes / 1024).toFixed(0)} KiB at load + ${(r.onDemandBytes / 1024).toFixed(0)} KiB on demand (webgpu), ${r.wasmFiles.length} wasm files; ${what}\n`,
  );
} catch (error) {
  if (!(error instanceof PageBuildError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
