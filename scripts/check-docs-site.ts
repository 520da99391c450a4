/**
 * Checks the built docs site (run by CI right after `pnpm run docs`, which builds the explorer page
 * after TypeDoc):
 * - every "Defined in" of a documented symbol links to GitHub, at `blob/<revision>/<path>#L<line>`
 *   where `<path>` is a file of this repository, `<line>` a non-blank line inside it, and the link's
 *   text (`path:line`) names the same place;
 * - every relative link of every page resolves to a file of the site. TypeDoc cannot check the ones
 *   into pages built after it (the explorer), so its own `invalidPath` check is off and this one,
 *   over the finished site, replaces it.
 *
 *   node --import tsx scripts/check-docs-site.ts [docs/site]
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/** The repository and revision the source links must point into (typedoc.json's `sourceLinkTemplate`). */
export const SOURCE_LINK_PREFIX = 'https://github.com/opnas/opnas/blob/main/';

export interface SiteReport {
  readonly pages: number;
  readonly sourceLinks: number;
  readonly relativeLinks: number;
  /** One line a problem: the page, then what is wrong. */
  readonly problems: readonly string[];
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => join(dir, f));
}

const unescape = (s: string): string => s.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'");

/** Checks the site in `siteDir` against the files of the repository in `repoDir`. */
export function checkDocsSite(siteDir: string, repoDir = root, prefix = SOURCE_LINK_PREFIX): SiteReport {
  const problems: string[] = [];
  const lineCache = new Map<string, string[] | null>();
  const linesOf = (path: string): string[] | null => {
    if (!lineCache.has(path)) {
      const file = join(repoDir, path);
      lineCache.set(path, existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8').replace(/\n$/, '').split('\n') : null);
    }
    return lineCache.get(path)!;
  };
  const pages = htmlFiles(siteDir);
  let sourceLinks = 0;
  let relativeLinks = 0;
  for (const page of pages) {
    const shown = relative(siteDir, page);
    const html = readFileSync(page, 'utf8');
    for (const [, inner] of html.matchAll(/<li>Defined in (.*?)<\/li>/g)) {
      const link = /^<a href="([^"]*)">([^<]*)<\/a>$/.exec(inner!);
      if (!link) {
        problems.push(`${shown}: a source without a link: Defined in ${inner}`);
        continue;
      }
      sourceLinks++;
      const href = unescape(link[1]!);
      const text = unescape(link[2]!);
      const place = href.startsWith(prefix) ? /^(.+)#L(\d+)$/.exec(href.slice(prefix.length)) : null;
      if (!place) {
        problems.push(`${shown}: ${href} is not of the form ${prefix}<path>#L<line>`);
        continue;
      }
      const [, path, lineText] = place;
      const line = Number(lineText);
      const lines = linesOf(path!);
      if (lines === null) problems.push(`${shown}: ${href}: ${path} is not a file of the repository`);
      else if (line < 1 || line > lines.length) problems.push(`${shown}: ${href}: line ${line} is outside ${path} (${lines.length} lines)`);
      else if (lines[line - 1]!.trim() === '') problems.push(`${shown}: ${href}: line ${line} of ${path} is blank`);
      if (text !== `${path}:${line}`) problems.push(`${shown}: the link ${href} reads "${text}"`);
    }
    for (const [, raw] of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const target = unescape(raw!);
      if (target === '' || /^[a-z][a-z0-9+.-]*:|^\/\/|^#/i.test(target)) continue;
      relativeLinks++;
      const file = resolve(dirname(page), decodeURIComponent(target.replace(/[?#].*$/, '')));
      const found = existsSync(file) && (statSync(file).isFile() || existsSync(join(file, 'index.html')));
      if (!found) problems.push(`${shown}: the relative link ${target} points to nothing in the site`);
    }
  }
  if (sourceLinks === 0) problems.push(`${siteDir}: no source links at all (is the site built?)`);
  return { pages: pages.length, sourceLinks, relativeLinks, problems };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const siteDir = resolve(process.argv[2] ?? join(root, 'docs/site'));
  if (!existsSync(siteDir)) {
    console.error(`check-docs-site: ${siteDir} does not exist; run pnpm run docs first`);
    process.exit(1);
  }
  const report = checkDocsSite(siteDir);
  for (const p of report.problems.slice(0, 50)) console.error(p);
  if (report.problems.length > 50) console.error(`… and ${report.problems.length - 50} more`);
  console.log(`check-docs-site: ${report.pages} pages, ${report.sourceLinks} source links, ${report.relativeLinks} relative links, ${report.problems.length} problems`);
  process.exit(report.problems.length === 0 ? 0 : 1);
}
