import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SOURCE_LINK_PREFIX, checkDocsSite } from './check-docs-site.js';

// A two-file repository and a small site shaped like TypeDoc's output, with one fault of each kind.
const dir = mkdtempSync(join(tmpdir(), 'check-docs-site-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const repo = join(dir, 'repo');
const site = join(dir, 'site');
mkdirSync(join(repo, 'packages/a/src'), { recursive: true });
writeFileSync(join(repo, 'packages/a/src/kernel.ts'), 'export function kernel() {\n  return 1;\n}\n\nexport const two = 2;\n');
mkdirSync(join(site, 'functions'), { recursive: true });
mkdirSync(join(site, 'explorer'), { recursive: true });
writeFileSync(join(site, 'explorer/index.html'), '<p>explorer</p>');
const source = (path: string, line: number, text = `${path}:${line}`) => `<li>Defined in <a href="${SOURCE_LINK_PREFIX}${path}#L${line}">${text}</a></li>`;
const page = (body: string) => `<html><link href="../assets/style.css"/><body>${body}</body></html>`;
mkdirSync(join(site, 'assets'));
writeFileSync(join(site, 'assets/style.css'), '');

describe('checkDocsSite', () => {
  it('accepts source links into real non-blank lines and relative links that resolve', () => {
    writeFileSync(
      join(site, 'functions/good.html'),
      page(
        `${source('packages/a/src/kernel.ts', 1)}${source('packages/a/src/kernel.ts', 5)}<a href="../explorer/index.html#top">x</a><a href="#here">y</a><a href="https://example.org/">z</a>`,
      ),
    );
    const report = checkDocsSite(site, repo);
    expect(report.problems).toEqual([]);
    expect([report.pages, report.sourceLinks, report.relativeLinks]).toEqual([2, 2, 2]);
  });

  it('names each wrong link: a path TypeDoc made relative to the package, a line past the end, a blank line, a mislabelled link, no link, a dangling relative link', () => {
    writeFileSync(
      join(site, 'functions/bad.html'),
      page(
        [
          source('kernel.ts', 1, 'packages/a/src/kernel.ts:1'),
          source('packages/a/src/kernel.ts', 7),
          source('packages/a/src/kernel.ts', 4),
          source('packages/a/src/kernel.ts', 2, 'packages/a/src/kernel.ts:9'),
          '<li>Defined in packages/a/src/kernel.ts:1</li>',
          '<a href="../explorer/missing.html">gone</a>',
        ].join(''),
      ),
    );
    const { problems } = checkDocsSite(site, repo);
    expect(problems).toEqual([
      `functions/bad.html: ${SOURCE_LINK_PREFIX}kernel.ts#L1: kernel.ts is not a file of the repository`,
      `functions/bad.html: the link ${SOURCE_LINK_PREFIX}kernel.ts#L1 reads "packages/a/src/kernel.ts:1"`,
      `functions/bad.html: ${SOURCE_LINK_PREFIX}packages/a/src/kernel.ts#L7: line 7 is outside packages/a/src/kernel.ts (5 lines)`,
      `functions/bad.html: ${SOURCE_LINK_PREFIX}packages/a/src/kernel.ts#L4: line 4 of packages/a/src/kernel.ts is blank`,
      `functions/bad.html: the link ${SOURCE_LINK_PREFIX}packages/a/src/kernel.ts#L2 reads "packages/a/src/kernel.ts:9"`,
      'functions/bad.html: a source without a link: Defined in packages/a/src/kernel.ts:1',
      'functions/bad.html: the relative link ../explorer/missing.html points to nothing in the site',
    ]);
    rmSync(join(site, 'functions/bad.html'));
  });

  it('refuses a site without any source link (not built, or sources turned off)', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'index.html'), '<html><body></body></html>');
    expect(checkDocsSite(empty, repo).problems).toEqual([`${empty}: no source links at all (is the site built?)`]);
  });
});
