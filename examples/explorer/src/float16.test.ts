import { toFloat32 } from '@opnas/safetensors';
import { describe, expect, it } from 'vitest';
import { floatToHalf, toHalves } from './float16.js';

// @opnas/safetensors' reader is the independent decoder the encoder is checked against.
const decode = (h: number) => toFloat32({ dtype: 'F16', shape: [1], data: Uint16Array.of(h) })[0]!;

describe('floatToHalf', () => {
  it('encodes known values (IEEE 754 binary16)', () => {
    expect(floatToHalf(0)).toBe(0x0000);
    expect(floatToHalf(-0)).toBe(0x8000);
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(-2)).toBe(0xc000);
    expect(floatToHalf(65504)).toBe(0x7bff);
    expect(floatToHalf(1 / 3)).toBe(0x3555);
    expect(floatToHalf(2 ** -24)).toBe(0x0001);
    expect(floatToHalf(2 ** -14)).toBe(0x0400);
    expect(floatToHalf(Infinity)).toBe(0x7c00);
    expect(floatToHalf(-Infinity)).toBe(0xfc00);
    expect(decode(floatToHalf(Number.NaN))).toBeNaN();
  });

  it('rounds to nearest, ties to even, overflowing to infinity', () => {
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // tie between 0x3c00 and 0x3c01: even
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie between 0x3c01 and 0x3c02: even
    expect(floatToHalf(2 ** -25)).toBe(0x0000); // tie between 0 and the smallest subnormal
    expect(floatToHalf(3 * 2 ** -25)).toBe(0x0002);
    expect(floatToHalf(65519)).toBe(0x7bff);
    expect(floatToHalf(65520)).toBe(0x7c00);
  });

  it('round-trips every finite half exactly', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0) continue; // NaN payloads
      if (floatToHalf(decode(h)) !== h) throw new Error(`half 0x${h.toString(16)} → ${decode(h)} → 0x${floatToHalf(decode(h)).toString(16)}`);
    }
  });

  it('picks the nearest half for arbitrary values', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (let k = 0; k < 5000; k++) {
      const x = Math.fround(next() * 10 ** (next() * 4));
      const h = floatToHalf(x);
      const err = Math.abs(decode(h) - x);
      // neither neighbour of h is closer
      for (const other of [h - 1, h + 1]) {
        if (other < 0 || (other & 0x7fff) >= 0x7c00 || ((other ^ h) & 0x8000) !== 0) continue;
        expect(Math.abs(decode(other) - x)).toBeGreaterThanOrEqual(err);
      }
    }
  });

  it('toHalves encodes arrays element by element', () => {
    expect(Array.from(toHalves([1, -2, 0.5]))).toEqual([0x3c00, 0xc000, 0x3800]);
  });
});
