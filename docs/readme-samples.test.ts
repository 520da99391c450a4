import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Every ```ts and ```js sample in packages/*/README.md and examples/*/README.md is executed, as
// the guides' samples are: a README whose code does not run is a bug. A sample that cannot run
// here (it trains for hours, or needs a script of the reader's) is fenced as ```ts no-run and
// preceded by `<!-- no-run: why -->`; this test holds the marker and the reason together.
// Samples run from a fresh empty working directory, so the files they write go nowhere.
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
const scratch = join(here, '.readme-samples');

process.env.OPNAS_ENAS_DATA ??= join(root, '../shared/data/enas/final_structures6.txt');

afterAll(() => rm(scratch, { recursive: true, force: true }));

interface Sample {
  readonly readme: string;
  readonly k: number;
  readonly code: string;
  readonly noRun: string | undefined;
}

async function readmeSamples(): Promise<Sample[]> {
  const readmes: string[] = [];
  for (const folder of ['packages', 'examples']) {
    for (const entry of await readdir(join(root, folder))) readmes.push(`${folder}/${entry}/README.md`);
  }
  const samples: Sample[] = [];
  for (const readme of readmes) {
    const text = await readFile(join(root, readme), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    let k = 0;
    for (const match of text.matchAll(/(?:<!-- no-run: ([^\n]*?) -->\n)?```(?:ts|js|typescript|javascript)( no-run)?\n([\s\S]*?)```/g)) {
      const [, reason, marker, code] = match;
      if (Boolean(reason) !== Boolean(marker)) throw new Error(`${readme}: sample ${k + 1} needs both the no-run fence and the <!-- no-run: why --> line`);
      samples.push({ readme, k: ++k, code: code!, noRun: reason });
    }
  }
  return samples;
}

/** Per README with an Install section, the packages (not node: builtins) its samples import. */
function readmeImports(samples: readonly Sample[]): [string, string[]][] {
  const byReadme = new Map<string, Set<string>>();
  for (const { readme, code } of samples) {
    const names = byReadme.get(readme) ?? new Set<string>();
    for (const [, a, b] of code.matchAll(/from '([^']+)'|import\('([^']+)'\)/g)) {
      const specifier = (a ?? b)!;
      if (specifier.startsWith('node:') || specifier.startsWith('.')) continue;
      const parts = specifier.split('/');
      names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
    byReadme.set(readme, names);
  }
  return [...byReadme].map(([readme, names]) => [readme, [...names].sort()]);
}

describe('README code samples', async () => {
  const samples = await readmeSamples();
  const runnable = samples.filter((s) => s.noRun === undefined);

  it('finds samples to run, and says why each one that is not run cannot be', () => {
    expect(runnable.length).toBeGreaterThan(10);
    for (const s of samples) if (s.noRun !== undefined) expect(s.noRun.length, `${s.readme} sample ${s.k}`).toBeGreaterThan(10);
  });

  it.each(readmeImports(samples))('%s: its Install section lists every package its samples import', async (readme, imported) => {
    const text = await readFile(join(root, readme), 'utf8');
    const block = /## Install\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
    const installed = block
      .split('\n')
      .filter((line) => line.startsWith('npm install '))
      .flatMap((line) => line.split('#')[0]!.trim().split(/\s+/).slice(2));
    for (const name of imported) expect(installed, `${readme}: ${block}`).toContain(name);
  });

  it.each(runnable.map((s) => [s.readme, s.k, s.code] as const))('%s sample %i runs', async (readme, k, code) => {
    await mkdir(scratch, { recursive: true });
    // The module lives inside the repository so that `@opnas/*` resolves to the workspace packages.
    const path = join(scratch, `${readme.replace(/\W/g, '-')}-${k}.ts`);
    await writeFile(path, `${code}\nexport {};\n`);
    const cwd = process.cwd();
    const work = await mkdtemp(join(tmpdir(), 'opnas-readme-'));
    process.chdir(work);
    try {
      await expect(import(/* @vite-ignore */ path)).resolves.toBeDefined();
    } finally {
      process.chdir(cwd);
      await rm(work, { recursive: true, force: true });
    }
  });
});
