import { join } from 'node:path';
import { Marked } from 'marked';
import writeFileAtomic from 'write-file-atomic';

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1b1b; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
code { font-size: 0.85em; background: #f4f4f4; padding: 0 0.2em; word-break: break-all; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
`;

/** The report as a standalone HTML page (same content as REPORT.md; figures referenced, not inlined). */
export function reportHtml(markdown: string): string {
  const body = new Marked({ gfm: true }).parse(markdown, { async: false });
  const title = /^# (.+)$/m.exec(markdown)?.[1] ?? 'Reproduction report';
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${title.replace(/</g, '&lt;')}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${body}</body>\n</html>\n`;
}

/** Writes REPORT.md and REPORT.html into `out`, each atomically. */
export async function writeReport(out: string, markdown: string): Promise<{ markdown: string; html: string }> {
  const files = { markdown: join(out, 'REPORT.md'), html: join(out, 'REPORT.html') };
  await writeFileAtomic(files.markdown, markdown);
  await writeFileAtomic(files.html, reportHtml(markdown));
  return files;
}
