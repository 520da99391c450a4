import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import { ASSET_FILE, MANIFEST_FILE } from './asset-format.js';
import type { AssetManifest } from './asset-format.js';
import { PACKAGE_DIR } from './paths.js';

/** Options of {@link buildPage}. */
export interface BuildPageOptions {
  /** Output folder (the docs site's explorer/). */
  readonly out: string;
  /** Asset folder (manifest.json + explorer.safetensors); a missing folder gives a page that says how to build one. */
  readonly asset: string;
  /** Minify the bundle. Default true. */
  readonly minify?: boolean;
}

/** What the page build did. */
export interface BuildPageResult {
  /** JavaScript the page loads at start. */
  readonly bundleBytes: number;
  /** JavaScript fetched only when asked for (the webgpu backend). */
  readonly onDemandBytes: number;
  readonly wasmFiles: readonly string[];
  /** The asset copied into the page, or null when there was none. */
  readonly asset: { readonly sha256: string; readonly bytes: number; readonly model: string } | null;
}

export class PageBuildError extends Error {
  override readonly name = 'PageBuildError';
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

const isNodeBuiltin = (path: string) => path.startsWith('node:') || builtinModules.includes(path);

/**
 * Leaves Node built-ins external instead of failing the build, so that tree shaking can drop
 * the modules the page never reaches; the output is checked afterwards. Built-ins a package
 * maps away for browsers (tfjs's `"browser"` field) resolve as that package says.
 */
const nodeBuiltinsExternal: Plugin = {
  name: 'node-builtins-external',
  setup(b) {
    b.onResolve({ filter: /^[a-z_:/]+$/ }, async (args) => {
      if (!isNodeBuiltin(args.path) || args.pluginData === 'inner') return undefined;
      if (!args.path.startsWith('node:')) {
        const inner = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'inner' });
        if (inner.errors.length === 0) {
          // `"browser": { "fs": false }` resolves to an empty module, which a plugin must spell out
          return inner.namespace === '' ? { path: args.path, namespace: 'browser-disabled' } : inner;
        }
      }
      return { path: args.path, external: true };
    });
    b.onLoad({ filter: /.*/, namespace: 'browser-disabled' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/**
 * Bundles the explorer page with esbuild from the workspace packages' sources (the
 * `@opnas/source` condition), copies tfjs's wasm binaries beside it and the asset into it.
 * Fails if anything the page actually runs imports a Node built-in: `node:` (and bare built-in) imports are left
 * external so that esbuild can drop Node-only modules the page never reaches (e.g.
 * @opnas/runtime's initRuntime, @opnas/safetensors' file reader), then the bundle is checked.
 */
export async function buildPage(options: BuildPageOptions): Promise<BuildPageResult> {
  const out = options.out;
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, 'wasm'), { recursive: true });
  const result = await build({
    entryPoints: { explorer: join(PACKAGE_DIR, 'src/page/main.ts') },
    outdir: out,
    // the webgpu backend is a separate chunk, fetched only when a visitor asks for it
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@opnas/source'],
    plugins: [nodeBuiltinsExternal],
    alias: { '@tensorflow/tfjs': join(PACKAGE_DIR, 'src/page/tfjs-core-only.ts') },
    minify: options.minify ?? true,
    sourcemap: false,
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const nodeImports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((i) => isNodeBuiltin(i.path)).map((i) => i.path));
  if (nodeImports.length > 0) {
    const importers = Object.entries(result.metafile.inputs)
      .filter(([, input]) => input.imports.some((i) => isNodeBuiltin(i.path)))
      .map(([path]) => path);
    throw new PageBuildError(
      `explorer: the page bundle still imports ${[...new Set(nodeImports)].join(', ')}: browser code reaches a Node-only module (imported by one of ${importers.join(', ')})`,
    );
  }
  // JavaScript fetched on load: the entry and what it imports statically; the rest on demand
  const outputs = result.metafile.outputs;
  const atStart = new Set<string>();
  const visit = (path: string) => {
    if (atStart.has(path) || outputs[path] === undefined) return;
    atStart.add(path);
    for (const i of outputs[path].imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(Object.keys(outputs).find((path) => outputs[path]!.entryPoint !== undefined)!);
  const jsBytes = (start: boolean) =>
    Object.entries(outputs)
      .filter(([path]) => path.endsWith('.js') && atStart.has(path) === start)
      .reduce((sum, [, o]) => sum + o.bytes, 0);
  const bundleBytes = jsBytes(true);
  const onDemandBytes = jsBytes(false);

  for (const file of ['index.html', 'style.css']) await copyFile(join(PACKAGE_DIR, 'static', file), join(out, file));
  const require = createRequire(join(PACKAGE_DIR, 'package.json'));
  const wasmDist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  const wasmFiles = (await readdir(wasmDist)).filter((f) => f.endsWith('.wasm'));
  if (wasmFiles.length === 0) throw new PageBuildError(`explorer: no .wasm files in ${wasmDist}; reinstall @tensorflow/tfjs-backend-wasm`);
  for (const file of wasmFiles) await copyFile(join(wasmDist, file), join(out, 'wasm', file));

  let asset: BuildPageResult['asset'] = null;
  const manifestPath = join(options.asset, MANIFEST_FILE);
  if (await exists(manifestPath)) {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as AssetManifest;
    const dataPath = join(options.asset, manifest.file || ASSET_FILE);
    const bytes = await readFile(dataPath).catch(() => {
      throw new PageBuildError(`explorer: ${manifestPath} names ${dataPath}, which is missing; rebuild the asset`);
    });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== manifest.sha256) throw new PageBuildError(`explorer: ${dataPath} has sha256 ${sha256}, but ${manifestPath} says ${manifest.sha256}; rebuild the asset`);
    await mkdir(join(out, 'asset'), { recursive: true });
    await copyFile(manifestPath, join(out, 'asset', MANIFEST_FILE));
    await copyFile(dataPath, join(out, 'asset', manifest.file || ASSET_FILE));
    asset = { sha256, bytes: bytes.length, model: manifest.run.model };
  } else {
    // A stand-in, so that the page can say what is missing without a failed request.
    await mkdir(join(out, 'asset'), { recursive: true });
    await writeFile(join(out, 'asset', MANIFEST_FILE), `${JSON.stringify({ missing: true, hint: 'pnpm explorer:asset --run <run folder>, then pnpm run docs' })}\n`);
  }
  return { bundleBytes, onDemandBytes, wasmFiles, asset };
}

/** For messages: a path relative to the working directory. */
export const shown = (path: string): string => relative(process.cwd(), path) || '.';
