import { describe, expect, it } from 'vitest';
import { sleb, uleb } from './leb128.js';
import { WasmWriterError } from './wasm-writer-error.js';

describe('LEB128', () => {
  it('encodes LEB128 as the WebAssembly spec does', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([127]);
    expect(uleb(128)).toEqual([0x80, 1]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0xffff_ffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(-0x8000_0000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  it('rejects what a 32-bit field cannot hold, naming the value', () => {
    expect(() => uleb(-1)).toThrow(WasmWriterError);
    expect(() => uleb(-1)).toThrow('@opnas/wasm-writer: uleb takes an integer in 0..2^32−1, got -1');
    expect(() => uleb(2 ** 32)).toThrow('got 4294967296');
    expect(() => uleb(1.5)).toThrow('got 1.5');
    expect(() => sleb(2 ** 31)).toThrow('@opnas/wasm-writer: sleb takes an integer in −2^31..2^31−1, got 2147483648');
    expect(() => sleb(Number.NaN)).toThrow('got NaN');
  });
});
