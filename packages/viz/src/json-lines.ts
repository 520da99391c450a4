import { VizError } from './errors.js';

/** Parse JSON lines (blank lines skipped) into objects, naming the source and line of any bad one. */
export function parseJsonLines(text: string, source: string): { line: number; value: Record<string, unknown> }[] {
  const out: { line: number; value: Record<string, unknown> }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new VizError(`@opnas/viz: ${source} line ${i + 1}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new VizError(`@opnas/viz: ${source} line ${i + 1}: expected a JSON object`);
    }
    out.push({ line: i + 1, value: value as Record<string, unknown> });
  });
  return out;
}

/** Read a field, checking its type; `optional` fields may be absent. */
export function field(record: Record<string, unknown>, name: string, kind: 'string' | 'number' | 'integer', where: string, optional = false): string | number | undefined {
  const v = record[name];
  if (v === undefined && optional) return undefined;
  const ok = kind === 'string' ? typeof v === 'string' && v !== '' : typeof v === 'number' && Number.isFinite(v) && (kind === 'number' || Number.isInteger(v));
  if (!ok) {
    const expected = kind === 'string' ? 'a non-empty string' : kind === 'integer' ? 'an integer' : 'a finite number';
    throw new VizError(`@opnas/viz: ${where}: field "${name}" must be ${expected}, got ${JSON.stringify(v) ?? 'nothing'}`);
  }
  return v as string | number;
}
