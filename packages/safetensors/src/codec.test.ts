import fc from 'fast-check';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from './codec.js';
import { SafetensorsError } from './errors.js';
import { readSafetensorsFile, writeSafetensorsFile } from './file.js';
import { toFloat32 } from './to-float32.js';

/** Build a file by hand from the format description: u64 LE header length, JSON, raw bytes. */
function handMade(header: object, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('decodeSafetensors', () => {
  it('reads a hand-made file', () => {
    const values = new Float32Array([1.5, -2, 3.25, 0]);
    const ints = new Int32Array([7, -9]);
    const data = new Uint8Array(24);
    data.set(new Uint8Array(values.buffer), 0);
    data.set(new Uint8Array(ints.buffer), 16);
    const file = handMade(
      {
        __metadata__: { format: 'pt' },
        'fc1.weight': { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] },
        'fc1.idx': { dtype: 'I32', shape: [2], data_offsets: [16, 24] },
      },
      data,
    );
    const { tensors, metadata } = decodeSafetensors(file);
    expect(metadata).toEqual({ format: 'pt' });
    expect(tensors['fc1.weight']).toEqual({ dtype: 'F32', shape: [2, 2], data: values });
    expect(Array.from(tensors['fc1.idx']!.data as Int32Array)).toEqual([7, -9]);
  });

  it.each([
    ['a truncated file', new Uint8Array(4), /too short/],
    ['a header longer than the file', handMade({}, new Uint8Array()).subarray(0, 9), /header length 2 does not fit in 9 bytes/],
    [
      'broken JSON',
      (() => {
        const f = handMade({ a: 1 }, new Uint8Array());
        f[9] = 0x7b;
        f[10] = 0x7b;
        return f;
      })(),
      /not valid JSON/,
    ],
    ['an unknown dtype', handMade({ a: { dtype: 'F8', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)), /tensor "a" has unknown dtype "F8"/],
    [
      'a shape that does not match the bytes',
      handMade({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)),
      /tensor "a" has shape \[3\] \(12 bytes of F32\) but 8 bytes/,
    ],
    ['data past the end', handMade({ a: { dtype: 'U8', shape: [9], data_offsets: [0, 9] } }, new Uint8Array(8)), /ends at byte 9, past the data/],
    [
      'overlapping tensors',
      handMade({ a: { dtype: 'U8', shape: [4], data_offsets: [0, 4] }, b: { dtype: 'U8', shape: [4], data_offsets: [2, 6] } }, new Uint8Array(6)),
      /tensor "b" starts at byte 2; expected 4/,
    ],
    ['trailing bytes', handMade({ a: { dtype: 'U8', shape: [2], data_offsets: [0, 2] } }, new Uint8Array(3)), /1 bytes of data after the last tensor/],
    ['non-string metadata', handMade({ __metadata__: { epoch: 3 } }, new Uint8Array()), /__metadata__\.epoch must be a string/],
  ])('refuses %s with a SafetensorsError', (_, bytes, message) => {
    expect(() => decodeSafetensors(bytes, { source: 'model.safetensors' })).toThrow(SafetensorsError);
    expect(() => decodeSafetensors(bytes, { source: 'model.safetensors' })).toThrow(message);
  });
});

describe('encodeSafetensors', () => {
  it('writes the layout the format describes, with 8-byte aligned data', () => {
    const bytes = encodeSafetensors(
      { b: { dtype: 'F64', shape: [1], data: new Float64Array([Math.PI]) }, a: { dtype: 'U8', shape: [3], data: new Uint8Array([1, 2, 3]) } },
      { k: 'v' },
    );
    const length = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(length % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
    expect(header).toEqual({
      __metadata__: { k: 'v' },
      a: { dtype: 'U8', shape: [3], data_offsets: [0, 3] },
      b: { dtype: 'F64', shape: [1], data_offsets: [3, 11] },
    });
    expect(new DataView(bytes.buffer).getFloat64(8 + length + 3, true)).toBe(Math.PI);
  });

  it('round-trips tensors of every dtype', () => {
    const entry = fc.oneof(
      fc.float32Array({ maxLength: 12 }).map((d) => ({ dtype: 'F32' as const, shape: [d.length], data: d })),
      fc.float64Array({ maxLength: 12 }).map((d) => ({ dtype: 'F64' as const, shape: [d.length], data: d })),
      fc.int32Array({ maxLength: 12 }).map((d) => ({ dtype: 'I32' as const, shape: [d.length], data: d })),
      fc.int8Array({ maxLength: 12 }).map((d) => ({ dtype: 'I8' as const, shape: [d.length], data: d })),
      fc.uint16Array({ maxLength: 12 }).map((d) => ({ dtype: 'BF16' as const, shape: [d.length], data: d })),
      fc.bigInt64Array({ maxLength: 12 }).map((d) => ({ dtype: 'I64' as const, shape: [d.length], data: d })),
      fc.uint8Array({ maxLength: 12 }).map((d) => ({ dtype: 'U8' as const, shape: [1, d.length], data: d })),
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1 }).filter((s) => s !== '__metadata__'),
          entry,
          { maxKeys: 5 },
        ),
        fc.dictionary(fc.string(), fc.string()),
        (tensors, metadata) => {
          const decoded = decodeSafetensors(encodeSafetensors(tensors, metadata));
          expect(decoded.metadata).toEqual(metadata);
          expect(decoded.tensors).toEqual(tensors);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps tensor and metadata names such as "__proto__" as ordinary keys', () => {
    // Object.fromEntries makes "__proto__" an own key (an object literal would set the prototype).
    const named = Object.fromEntries([
      ['__proto__', { dtype: 'U8' as const, shape: [1], data: Uint8Array.of(7) }],
      ['constructor', { dtype: 'U8' as const, shape: [0], data: new Uint8Array(0) }],
    ]);
    const decoded = decodeSafetensors(encodeSafetensors(named, JSON.parse('{"__proto__": "x"}')));
    expect(Object.keys(decoded.tensors).sort()).toEqual(['__proto__', 'constructor']);
    expect(Array.from(decoded.tensors['__proto__']!.data as Uint8Array)).toEqual([7]);
    expect(Object.keys(decoded.metadata)).toEqual(['__proto__']);
  });

  it('refuses data that does not match its shape or dtype', () => {
    expect(() => encodeSafetensors({ a: { dtype: 'F32', shape: [3], data: new Float32Array(2) } })).toThrow(/tensor "a" has shape \[3\] but 2 values/);
    expect(() => encodeSafetensors({ a: { dtype: 'F64', shape: [2], data: new Float32Array(2) } })).toThrow(/F64 data must be a Float64Array/);
  });
});

describe('toFloat32', () => {
  it('widens IEEE half and bfloat16 words', () => {
    const half = { dtype: 'F16' as const, shape: [6], data: new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x3555]) };
    expect(Array.from(toFloat32(half))).toEqual([1, -2, 65504, 2 ** -24, Infinity, Math.fround(0.333251953125)]);
    const bf = { dtype: 'BF16' as const, shape: [3], data: new Uint16Array([0x3f80, 0xc0a0, 0x4049]) };
    expect(Array.from(toFloat32(bf))).toEqual([1, -5, 3.140625]);
    expect(Array.from(toFloat32({ dtype: 'F64', shape: [1], data: new Float64Array([0.1]) }))).toEqual([Math.fround(0.1)]);
  });
});

describe('files', () => {
  it('writes atomically and reads back; read errors name the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opnas-st-'));
    try {
      const path = join(dir, 'w.safetensors');
      const tensors = { w: { dtype: 'F32' as const, shape: [2], data: new Float32Array([1, 2]) } };
      await writeSafetensorsFile(path, tensors, { model: 'dvae' });
      expect(await readSafetensorsFile(path)).toEqual({ tensors, metadata: { model: 'dvae' } });
      expect(await readdir(dir)).toEqual(['w.safetensors']);
      expect((await readFile(path)).length).toBeGreaterThan(8);
      await expect(readSafetensorsFile(join(dir, 'none.safetensors'))).rejects.toThrow(/cannot read .*none\.safetensors: ENOENT/);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
