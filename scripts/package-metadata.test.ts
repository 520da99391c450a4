import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every published package carries the licence and says where it comes from (npm shows these).
const root = fileURLToPath(new URL('..', import.meta.url));
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
const published = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => !manifest.private);

describe('package metadata', () => {
  it('the root licence is MIT, © the opnas authors', () => {
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the opnas authors\n/);
  });

  it.each(published.map(({ dir, manifest }) => [dir, manifest]))('%s ships the licence and names its repository', (dir, manifest) => {
    expect(readFileSync(join(root, 'packages', dir, 'LICENSE'), 'utf8')).toBe(license);
    expect(manifest.license).toBe('MIT');
    expect(manifest.files).toContain('LICENSE');
    expect(manifest.repository).toEqual({ type: 'git', url: 'git+https://github.com/opnas/opnas.git', directory: `packages/${dir}` });
    expect(manifest.homepage).toBe(`https://github.com/opnas/opnas/tree/main/packages/${dir}#readme`);
    expect(manifest.bugs).toEqual({ url: 'https://github.com/opnas/opnas/issues' });
  });
});
