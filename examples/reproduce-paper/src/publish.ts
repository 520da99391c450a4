import { copyFile, mkdir, readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { writeReport } from './report-files.js';

/** Files larger than this are not copied (a t-SNE SVG of 17,118 points is about 5 MB); their links are dropped. */
const MAX_BYTES = 1_000_000;

/**
 * `pnpm --filter reproduce-paper publish-results FROM TO`: copies a finished run's report and
 * every file it links into TO (e.g. `results/cpu`), so the committed report is self-contained.
 * Links to files over 1 MB (vector versions of dense scatter plots) are removed from the copy; the
 * PNG beside them stays.
 */
async function publish(from: string, to: string): Promise<void> {
  let markdown = await readFile(join(from, 'REPORT.md'), 'utf8');
  const links = [...new Set([...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l)))];
  let copied = 0;
  for (const link of links) {
    const size = (await stat(join(from, link))).size;
    if (size > MAX_BYTES) {
      markdown = markdown.replaceAll(` ([SVG](${link}))`, '');
      process.stderr.write(`publish: left out ${link} (${(size / 1e6).toFixed(1)} MB)\n`);
      continue;
    }
    await mkdir(dirname(join(to, link)), { recursive: true });
    await copyFile(join(from, link), join(to, link));
    copied++;
  }
  // The stage records too: the results as data, and what `check` reads.
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^\d-/.test(entry.name)) continue;
    await mkdir(join(to, entry.name), { recursive: true });
    await copyFile(join(from, entry.name, 'stage.json'), join(to, entry.name, 'stage.json'));
  }
  await writeReport(to, markdown);
  process.stderr.write(`publish: ${to}/REPORT.md, REPORT.html, the stage records and ${copied} linked files\n`);
}

const [from, to] = process.argv.slice(2);
if (from === undefined || to === undefined) {
  process.stderr.write('usage: publish-results <run folder> <destination>\n');
  process.exitCode = 2;
} else {
  // pnpm runs package scripts in the package folder; paths are meant from where the user typed them.
  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  publish(resolve(cwd, from), resolve(cwd, to)).catch((error: unknown) => {
    process.stderr.write(`publish: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
