import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The protocol document is what comments, READMEs and --help texts cite; a citation of a section
// it does not have, or of the unshipped reference specification, is a broken reference.
const root = fileURLToPath(new URL('..', import.meta.url));
const protocol = readFileSync(join(root, 'docs/protocol.md'), 'utf8');

/** Section numbers ("1", "1.6") of the protocol's headings, and the numbered items under each. */
function protocolSections(): Map<string, Set<number>> {
  const sections = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of protocol.split('\n')) {
    const heading = /^#{2,3} (\d+(?:\.\d+)?)\.? /.exec(line);
    if (heading) sections.set(heading[1]!, (current = new Set()));
    const item = /^(\d+)\. /.exec(line);
    if (item && current) current.add(Number(item[1]));
  }
  return sections;
}

/** Tracked text files (the shipped sources, docs and generated reports), minus this document. */
function trackedTextFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0');
  return listed.filter((f) => /\.(ts|tsx|mts|mjs|js|md|json|html|txt)$/.test(f) && f !== 'docs/protocol.md' && f !== 'pnpm-lock.yaml');
}

describe('the protocol document', () => {
  const sections = protocolSections();

  it('numbers its sections 1–12 with subsections', () => {
    for (let s = 1; s <= 12; s++) expect(sections.has(String(s)), `section ${s}`).toBe(true);
    expect(sections.has('1.6')).toBe(true);
    expect(sections.get('10.2')?.has(14)).toBe(true);
  });

  it('is included in the documentation site', () => {
    const typedoc = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as { projectDocuments?: string[] };
    expect(typedoc.projectDocuments).toContain('docs/protocol.md');
  });

  const files = trackedTextFiles();
  const texts = files.map((f) => [f, readFileSync(join(root, f), 'utf8')] as const);

  it('replaces every citation of the unshipped specification', () => {
    const needle = ['SPEC', '§'].join(' '); // spelled apart so that this file does not match itself
    const left = texts.flatMap(([f, text]) => text.split('\n').flatMap((line, i) => (line.includes(needle) ? [`${f}:${i + 1}: ${line.trim()}`] : [])));
    // Fix: replace each "SPEC" + " §" citation by "protocol §" (git grep lists them).
    expect(left).toEqual([]);
  });

  it('has every section and item that is cited', () => {
    const cited = new Set<string>();
    const broken: string[] = [];
    for (const [f, text] of texts.concat([['docs/protocol.md', protocol]])) {
      // "protocol §7.4, §10.2 item 1", "§3.3–§3.4", "§1.1/§1.3": the whole chain after "protocol".
      for (const chain of text.matchAll(/protocol (§[\d.]+(?:(?:,? | ?[–/-] ?| and )§[\d.]+|,? items? \d+)*)/g)) {
        for (const ref of chain[1]!.matchAll(/§(\d+(?:\.\d+)?)\.?(?:,? items? (\d+))?/g)) {
          const [, section, item] = ref;
          cited.add(section!);
          const known = sections.get(section!);
          if (!known || (item !== undefined && !known.has(Number(item)))) broken.push(`${f}: ${ref[0]}`);
        }
      }
    }
    expect(broken).toEqual([]);
    // The citations were found at all (a regex that matches nothing would pass the check above).
    expect(cited.size).toBeGreaterThan(40);
  });

  it('cites sections within the document (§x.y) that exist', () => {
    const broken = [...protocol.matchAll(/§(\d+(?:\.\d+)?)(?: item (\d+))?/g)]
      .filter(([, s, item]) => !sections.has(s!) || (item !== undefined && !sections.get(s!)!.has(Number(item))))
      .map((m) => m[0]);
    expect(broken).toEqual([]);
  });
});
