#!/usr/bin/env node
// Packed-tarball test: pack every published workspace package with pnpm (which rewrites
// `workspace:` ranges to real versions), then, for each package on its own, install its tarball
// into a fresh npm project outside the workspace and import it as ESM and CJS. This is how a
// user adds one opnas package to another NAS codebase; it must work without the rest.
// Usage: node scripts/pack-test.mjs [package-dir-name ...]   (packages must be built first)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'opnas-pack-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);

// Install-size ceilings (MB) that a package must stay under (issue: @opnas/vae pulled 310 MB).
const FOOTPRINT_LIMIT_MB = { '@opnas/vae': 80, '@opnas/runtime': 80 };

/** Size, package count and tfjs-core copies of an npm project's node_modules. */
function installFootprint(modules) {
  let bytes = 0;
  let packages = 0;
  let tfjsCoreCopies = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        bytes += statSync(path).size;
        if (entry.name === 'package.json' && /node_modules\/(@[^/]+\/)?[^/@]+$/.test(dir)) {
          packages++;
          if (dir.endsWith(join('@tensorflow', 'tfjs-core'))) tfjsCoreCopies++;
        }
      }
    }
  };
  walk(modules);
  return { megabytes: bytes / 1e6, packages, tfjsCoreCopies };
}

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => !manifest.private);

const files = new Map();
for (const { dir, manifest } of packages) {
  const before = new Set(readdirSync(tarballs));
  run('npx', ['--yes', 'pnpm@12.4.2', 'pack', '--pack-destination', tarballs], join(root, 'packages', dir));
  const made = readdirSync(tarballs).filter((f) => !before.has(f));
  if (made.length !== 1) throw new Error(`pack-test: packing ${manifest.name} produced ${made.length} tarballs`);
  files.set(manifest.name, join(tarballs, made[0]));
}
console.log(`packed ${files.size} packages into ${tarballs}`);

// Every @opnas dependency resolves to its tarball, never to the registry.
const overrides = Object.fromEntries([...files].map(([name, file]) => [name, `file:${file}`]));
let failures = 0;
for (const { dir, manifest } of packages) {
  if (only.length > 0 && !only.includes(dir)) continue;
  const name = manifest.name;
  const project = join(work, `use-${dir}`);
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: `try-${dir}`, private: true, type: 'module', dependencies: { [name]: `file:${files.get(name)}` }, overrides }, null, 2),
  );
  const started = Date.now();
  try {
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], project);
    const esm = run('node', ['--input-type=module', '-e', `const m = await import(${JSON.stringify(name)}); const k = Object.keys(m); if (k.length === 0) throw new Error('no exports'); console.log(k.length);`], project).trim();
    const cjs = run('node', ['-e', `const m = require(${JSON.stringify(name)}); if (Object.keys(m).length === 0) throw new Error('no exports'); console.log(Object.keys(m).length);`], project).trim();
    if (esm !== cjs) throw new Error(`ESM has ${esm} exports but CJS has ${cjs}`);
    const footprint = installFootprint(join(project, 'node_modules'));
    if (footprint.tfjsCoreCopies > 1) throw new Error(`${footprint.tfjsCoreCopies} copies of @tensorflow/tfjs-core installed; opnas shares one`);
    const limit = FOOTPRINT_LIMIT_MB[name];
    if (limit !== undefined && footprint.megabytes > limit) throw new Error(`installs ${footprint.megabytes.toFixed(0)} MB, more than the ${limit} MB it should`);
    for (const bin of Object.keys(manifest.bin ?? {})) run(join(project, 'node_modules', '.bin', bin), ['--help'], project);
    console.log(`ok   ${name}: ${esm} exports (ESM = CJS)${manifest.bin ? ', bin runs' : ''}, installs ${footprint.packages} packages / ${footprint.megabytes.toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    failures++;
    console.log(`FAIL ${name}: ${String(error.stderr || error.message).split('\n').slice(0, 6).join('\n     ')}`);
  }
}
rmSync(work, { recursive: true, force: true });
if (failures > 0) {
  console.log(`pack-test: ${failures} package(s) failed`);
  process.exit(1);
}
console.log('pack-test: every package installs and imports on its own');
