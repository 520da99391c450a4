#!/usr/bin/env node
// Packed-tarball test: pack every published workspace package with pnpm (which rewrites
// `workspace:` ranges to real versions), check each tarball's types with arethetypeswrong, then,
// for each package on its own, install its tarball into a fresh project outside the workspace —
// once with npm and once with pnpm 12, neither given any configuration — import it as ESM and CJS,
// type-check a consumer file with `skipLibCheck: false`, and print what the install weighs. This
// is how a user adds one opnas package to another NAS codebase; it must work without the rest.
// Usage: node scripts/pack-test.mjs [package-dir-name ...]   (packages must be built first)
import { execFile, execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'opnas-pack-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
const bin = (name) => join(root, 'node_modules', '.bin', name);
const pnpm = ['--yes', 'pnpm@12.4.2'];

// Install-size ceilings (MB) that a package must stay under (issue: @opnas/vae pulled 310 MB).
const FOOTPRINT_LIMIT_MB = { '@opnas/vae': 80, '@opnas/runtime': 80 };

/** Copies of @tensorflow/tfjs-core in an npm project's node_modules (nested ones included). */
function tfjsCoreCopies(modules) {
  let copies = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.isSymbolicLink()) continue;
      const path = join(dir, entry.name);
      if (path.endsWith(join('node_modules', '@tensorflow', 'tfjs-core'))) copies++;
      walk(path);
    }
  };
  walk(modules);
  return copies;
}

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => !manifest.private);

const files = new Map();
for (const { dir, manifest } of packages) {
  const before = new Set(readdirSync(tarballs));
  run('npx', [...pnpm, 'pack', '--pack-destination', tarballs], join(root, 'packages', dir));
  const made = readdirSync(tarballs).filter((f) => !before.has(f));
  if (made.length !== 1) throw new Error(`pack-test: packing ${manifest.name} produced ${made.length} tarballs`);
  files.set(manifest.name, join(tarballs, made[0]));
}
console.log(`packed ${files.size} packages into ${tarballs}`);

/** Bytes of every file under `dir` and the number of installed packages (folders with a package.json under a node_modules). */
function footprint(dir) {
  let bytes = 0;
  let count = 0;
  const walk = (path, inModules) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isSymbolicLink()) continue; // pnpm's links point into .pnpm, counted there
      if (!entry.isDirectory()) {
        bytes += lstatSync(child).size;
        continue;
      }
      if (entry.name === 'node_modules') walk(child, true);
      else if (inModules && entry.name.startsWith('@')) walk(child, true);
      else if (inModules && entry.name === '.pnpm') walk(child, false);
      else {
        if (inModules && readdirSync(child).includes('package.json')) count++;
        walk(child, false);
      }
    }
  };
  walk(join(dir, 'node_modules'), true);
  return { megabytes: bytes / 1e6, packages: count };
}

// The type check's consumer: `skipLibCheck: false` checks our .d.ts and every declaration file
// they reach. tfjs-core's declarations use DOM types (HTMLCanvasElement, ImageData, WebGL…) and
// the globals of the @types packages it installs (long, offscreencanvas, seedrandom, emscripten),
// so a consumer adds "DOM" to `lib` and leaves `types` unset (or lists those); @types/node is
// needed for Buffer and friends. (The @tensorflow/tfjs umbrella's tfjs-layers does not type-check
// under `strict` with skipLibCheck: false at all: 100+ errors in its own declarations.)
const consumerTsconfig = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: false,
    noEmit: true,
  },
  files: ['esm.mts', 'cjs.cts'],
};
const typeDevDependencies = { '@types/node': '^20.19.0' };

const overrides = Object.fromEntries([...files].map(([n, file]) => [n, `file:${file}`]));
function writeConsumer(project, dir, names, devDependencies = {}) {
  mkdirSync(project);
  const dependencies = Object.fromEntries(names.map((name) => [name, `file:${files.get(name)}`]));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: `try-${dir}`, private: true, type: 'module', dependencies, devDependencies, overrides }, null, 2));
}

function importBoth(project, name) {
  const esm = run(
    'node',
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(name)}); const k = Object.keys(m); if (k.length === 0) throw new Error('no exports'); console.log(k.length);`,
    ],
    project,
  ).trim();
  const cjs = run(
    'node',
    ['-e', `const m = require(${JSON.stringify(name)}); if (Object.keys(m).length === 0) throw new Error('no exports'); console.log(Object.keys(m).length);`],
    project,
  ).trim();
  if (esm !== cjs) throw new Error(`ESM has ${esm} exports but CJS has ${cjs}`);
  return esm;
}

const seconds = (started) => `${((Date.now() - started) / 1000).toFixed(1)} s`;
let failures = 0;
const failed = (what, error) => {
  failures++;
  const out = String(error.stdout || '')
    .trim()
    .split('\n')
    .slice(-8)
    .join('\n     ');
  console.log(
    `FAIL ${what}: ${out}\n     ${String(error.stderr || error.message)
      .split('\n')
      .slice(0, 6)
      .join('\n     ')}`,
  );
};
const tested = packages.filter(({ dir }) => only.length === 0 || only.includes(dir));

// Types as every resolution mode sees them (node10, node16 CJS and ESM, bundler), three tarballs at a time.
let started = Date.now();
const queue = [...tested];
await Promise.all(
  [1, 2, 3].map(async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await promisify(execFile)(bin('attw'), [files.get(next.manifest.name), '--format', 'table-flipped'], { cwd: work }).catch((error) =>
        failed(`${next.manifest.name} (arethetypeswrong)`, error),
      );
    }
  }),
);
console.log(`arethetypeswrong: ${tested.length} tarballs checked, ${seconds(started)}`);

const sizes = [];
for (const { dir, manifest } of tested) {
  const name = manifest.name;

  // npm: measure the install, then import it both ways and run its bin.
  const project = join(work, `npm-${dir}`);
  writeConsumer(project, dir, [name]);
  started = Date.now();
  try {
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], project);
    const size = footprint(project);
    sizes.push({ name, ...size });
    const tfjsCore = tfjsCoreCopies(join(project, 'node_modules'));
    if (tfjsCore > 1) throw new Error(`${tfjsCore} copies of @tensorflow/tfjs-core installed; opnas shares one`);
    const limit = FOOTPRINT_LIMIT_MB[name];
    if (limit !== undefined && size.megabytes > limit) throw new Error(`installs ${size.megabytes.toFixed(0)} MB, more than the ${limit} MB it should`);
    const exports = importBoth(project, name);
    for (const command of Object.keys(manifest.bin ?? {})) run(join(project, 'node_modules', '.bin', command), ['--help'], project);
    console.log(`ok   ${name} (npm): ${exports} exports (ESM = CJS)${manifest.bin ? ', bin runs' : ''}, ${seconds(started)}`);
  } catch (error) {
    failed(`${name} (npm)`, error);
  }
  rmSync(project, { recursive: true, force: true });

  // pnpm 12 with the same overrides (in its workspace file) and no other configuration: no allowBuilds.
  const pnpmProject = join(work, `pnpm-${dir}`);
  writeConsumer(pnpmProject, dir, [name]);
  writeFileSync(
    join(pnpmProject, 'pnpm-workspace.yaml'),
    `overrides:\n${Object.entries(overrides)
      .map(([n, v]) => `  ${JSON.stringify(n)}: ${JSON.stringify(v)}`)
      .join('\n')}\n`,
  );
  started = Date.now();
  try {
    run('npx', [...pnpm, 'install', '--prefer-offline', '--reporter=silent'], pnpmProject);
    const exports = importBoth(pnpmProject, name);
    console.log(`ok   ${name} (pnpm): ${exports} exports (ESM = CJS), ${footprint(pnpmProject).packages} packages, ${seconds(started)}`);
  } catch (error) {
    failed(`${name} (pnpm)`, error);
  }
  rmSync(pnpmProject, { recursive: true, force: true });
}

// One consumer that type-checks every package from its tarball with skipLibCheck: false, from an
// ES module and a CommonJS module (one tsc run: each costs ~7 s of CPU, mostly @types/node and DOM).
const typesProject = join(work, 'types');
writeConsumer(
  typesProject,
  'types',
  tested.map(({ manifest }) => manifest.name),
  typeDevDependencies,
);
const use = tested.map(({ manifest }, k) => `import * as m${k} from ${JSON.stringify(manifest.name)};`).join('\n');
const names = `export const names: string[] = [${tested.map((_, k) => `...Object.keys(m${k})`).join(', ')}];\n`;
writeFileSync(join(typesProject, 'esm.mts'), `${use}\n${names}`);
writeFileSync(join(typesProject, 'cjs.cts'), `${use}\n${names}`);
writeFileSync(join(typesProject, 'tsconfig.json'), JSON.stringify(consumerTsconfig, null, 2));
started = Date.now();
try {
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], typesProject);
  run(bin('tsc'), ['-p', typesProject], typesProject);
  console.log(`ok   types: ${tested.length} packages type-check with skipLibCheck: false (ESM and CJS consumers), ${seconds(started)}`);
} catch (error) {
  failed('types (tsc, skipLibCheck: false)', error);
}

if (sizes.length > 0) {
  console.log('\ninstalled footprint (npm, the package with its dependencies):');
  for (const { name, megabytes, packages: count } of sizes) console.log(`  ${name.padEnd(22)} ${megabytes.toFixed(1).padStart(7)} MB  ${String(count).padStart(4)} packages`);
}
rmSync(work, { recursive: true, force: true });
if (failures > 0) {
  console.log(`pack-test: ${failures} check(s) failed`);
  process.exit(1);
}
console.log('pack-test: every package installs (npm and pnpm 12), imports and type-checks on its own');
