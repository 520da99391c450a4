import { EnasDataError } from './errors.js';
import type { EnasRecord } from './parse-file.js';

/**
 * Flat ENAS string → weight-sharing accuracy for every labelled architecture of the file,
 * burn-in included (20,015 distinct, protocol §1.2). Duplicates must agree; a conflict is an error
 * that names both lines.
 */
export class AccuracyLookup {
  private readonly table = new Map<string, { accuracy: number; line: number }>();

  constructor(records: Iterable<EnasRecord>) {
    for (const record of records) {
      const seen = this.table.get(record.flat);
      if (seen === undefined) this.table.set(record.flat, { accuracy: record.accuracy, line: record.line });
      else if (seen.accuracy !== record.accuracy) {
        throw new EnasDataError(`@opnas/enas-data: "${record.flat}" has accuracy ${seen.accuracy} on line ${seen.line} but ${record.accuracy} on line ${record.line}`);
      }
    }
  }

  /** Number of distinct architectures. */
  get size(): number {
    return this.table.size;
  }

  /** The accuracy of a flat string (whitespace-normalised), or undefined when it is not labelled. */
  get(flat: string): number | undefined {
    return this.table.get(normaliseFlat(flat))?.accuracy;
  }

  /** True when the architecture is labelled. */
  has(flat: string): boolean {
    return this.table.has(normaliseFlat(flat));
  }

  /** All labelled `[flat, accuracy]` pairs. */
  *entries(): IterableIterator<[string, number]> {
    for (const [flat, { accuracy }] of this.table) yield [flat, accuracy];
  }
}

const normaliseFlat = (flat: string): string => flat.trim().split(/\s+/).join(' ');
