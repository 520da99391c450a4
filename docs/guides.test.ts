import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Every ```ts sample in the guides is executed: a guide whose code does not run is a bug.
const here = fileURLToPath(new URL('.', import.meta.url));
const guides = join(here, 'guides');
const scratch = join(here, '.samples');

// Samples call loadEnasDataset() without a path, as users do; it finds the data as every opnas
// entry point does (--data, OPNAS_ENAS_DATA, this clone's shared copy, the cache, the download).

afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('guide code samples', async () => {
  const files = (await readdir(guides)).filter((f) => f.endsWith('.md'));
  const samples: [string, number, string][] = [];
  for (const file of files) {
    const text = await readFile(join(guides, file), 'utf8');
    let k = 0;
    for (const match of text.matchAll(/```ts\n([\s\S]*?)```/g)) samples.push([file, ++k, match[1]!]);
  }

  it('finds samples to run', () => {
    expect(samples.length).toBeGreaterThan(0);
  });

  it.each(samples)('%s sample %i runs', async (file, k, code) => {
    await mkdir(scratch, { recursive: true });
    const path = join(scratch, `${file.replace(/\W/g, '-')}-${k}.ts`);
    await writeFile(path, `${code}\nexport {};\n`);
    await expect(import(/* @vite-ignore */ path)).resolves.toBeDefined();
  });
});
