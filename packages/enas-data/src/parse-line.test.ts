import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSyntaxError, parseEnasLine } from './parse-line.js';
import { parseEnasFile } from './parse-file.js';
import { EnasParseError } from './errors.js';

const GOOD = '[[1], [0, 0], [5, 1, 1], [4, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]], 0.7322';

const errorOf = (text: string): LineSyntaxError => {
  try {
    parseEnasLine(text);
  } catch (error) {
    if (error instanceof LineSyntaxError) return error;
    throw error;
  }
  throw new Error(`no error for ${text}`);
};

describe('parseEnasLine (protocol §1.1)', () => {
  it('parses the SPEC example line', () => {
    expect(parseEnasLine(GOOD)).toEqual({
      layers: [[1], [0, 0], [5, 1, 1], [4, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]],
      accuracy: 0.7322,
    });
    expect(parseEnasLine(`${GOOD}\r`).accuracy).toBe(0.7322);
    expect(parseEnasLine('[[1],[0,0],[5,1,1],[4,1,1,1],[0,1,0,0,0],[0,0,0,1,0,0]],0.5').accuracy).toBe(0.5);
  });

  it.each([
    ['[[1], [0, 0], [5, 1, 1], [4, 1, 1, 1], [0, 1, 0, 0, 0]], 0.7', /expected 6 layers, found 5/, 1],
    ['[[1], [0, 0], [5, 1, 1], [4, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0], [0]], 0.7', /expected 6 layers, found more/, 77],
    ['[[1], [0, 0], [9, 1, 1], [4, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]], 0.7', /layer 2: op must be in 0\.\.5, found 9/, 16],
    ['[[1], [0, 0], [5, 1, 2], [4, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]], 0.7', /layer 2: skip bit 1 must be 0 or 1, found 2/, 22],
    ['[[1], [0, 0, 1], [5, 1, 1], [4, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]], 0.7', /layer 1 must have 2 entries/, 15],
    ['[[1], [0, 0], [5, 1, 1], [4, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]]', /missing accuracy/, 76],
    ['[[1], [0, 0], [5, 1, 1], [4, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]], 1.7', /accuracy must be in \[0, 1\], found 1\.7/, 78],
    ['[[1], [0, 0], [5, 1, 1], [4, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]], abc', /expected the accuracy/, 78],
    [`${GOOD} junk`, /unexpected trailing text "junk"/, 85],
    [`${GOOD}, 0.1`, /unexpected trailing text/, 84],
    ['', /expected '\[' opening the layer list, found end of line/, 1],
  ])('reports %j precisely', (text, message, column) => {
    // Columns are 1-based and point at the offending character (or one past the end).
    const error = errorOf(text);
    expect(error.message).toMatch(message);
    expect(error.column).toBe(column);
  });

  it('round-trips any well-formed line written the way the file writes it', () => {
    const layer = (i: number) => fc.tuple(fc.integer({ min: 0, max: 5 }), fc.array(fc.constantFrom(0, 1), { minLength: i, maxLength: i })).map(([op, bits]) => [op, ...bits]);
    fc.assert(
      fc.property(fc.tuple(...[0, 1, 2, 3, 4, 5].map(layer)), fc.integer({ min: 0, max: 5000 }), (layers, k) => {
        const accuracy = k / 5000;
        const text = `[${layers.map((l) => `[${l.join(', ')}]`).join(', ')}], ${accuracy}`;
        expect(parseEnasLine(text)).toEqual({ layers, accuracy });
      }),
    );
  });

  it('garbage ends in LineSyntaxError, never another exception', () => {
    const mutate = fc.tuple(fc.integer({ min: 0, max: GOOD.length }), fc.integer({ min: 0, max: 6 }), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          mutate.map(([at, cut, ins]) => GOOD.slice(0, at) + ins + GOOD.slice(at + cut)),
        ),
        (text) => {
          try {
            const parsed = parseEnasLine(text);
            expect(parsed.layers).toHaveLength(6);
            expect(parsed.accuracy).toBeGreaterThanOrEqual(0);
            expect(parsed.accuracy).toBeLessThanOrEqual(1);
          } catch (error) {
            expect(error).toBeInstanceOf(LineSyntaxError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('parseEnasFile', () => {
  it('reports every malformed line with its line number, and skips none silently', () => {
    const text = [GOOD, GOOD.replace('[5, 1, 1]', '[5, 1]'), '', GOOD.replace('0.7322', '-1'), GOOD].join('\n');
    let error: unknown;
    try {
      parseEnasFile(text, { burnIn: 0, source: 'mine.txt' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnasParseError);
    const { problems, message } = error as EnasParseError;
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(message).toContain('mine.txt: line 2, column 20: layer 2 must have 3 entries');
    expect(message).toContain('mine.txt: line 3, column 1: empty line');
    expect(message).toContain('mine.txt: line 4');
  });

  it('numbers lines from 1, marks burn-in lines with index −1 and allows one final newline', () => {
    const records = parseEnasFile(`${GOOD}\n${GOOD}\n${GOOD}\n`, { burnIn: 1 });
    expect(records.map((r) => [r.line, r.index])).toEqual([
      [1, -1],
      [2, 0],
      [3, 1],
    ]);
    expect(records[0]!.flat).toBe('1 0 0 5 1 1 4 1 1 1 0 1 0 0 0 0 0 0 1 0 0');
    expect(() => parseEnasFile(`${GOOD}\n`, { burnIn: 1 })).toThrow(/expected more than the 1 burn-in lines/);
  });
});
