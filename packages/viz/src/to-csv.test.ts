import { describe, expect, it } from 'vitest';
import { toCsv } from './to-csv.js';

describe('toCsv', () => {
  it('quotes fields with commas, quotes and newlines, and unions the columns', () => {
    expect(
      toCsv([
        { a: 1, b: 'x,y' },
        { a: null, c: 'say "hi"' },
        { b: 'two\nlines', a: true },
      ]),
    ).toBe('a,b,c\n1,"x,y",\n,,"say ""hi"""\ntrue,"two\nlines",\n');
  });

  it('writes just a newline for no rows', () => {
    expect(toCsv([])).toBe('\n');
  });
});
