import { WasmWriterError } from './wasm-writer-error.js';

/** Unsigned LEB128 of a 32-bit count, index or offset (the binary format's `u32`). */
export function uleb(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
    throw new WasmWriterError(`@opnas/wasm-writer: uleb takes an integer in 0..2^32−1, got ${value}`, 'value');
  }
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer (the immediate of `i32.const`). */
export function sleb(value: number): number[] {
  if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff) {
    throw new WasmWriterError(`@opnas/wasm-writer: sleb takes an integer in −2^31..2^31−1, got ${value}`, 'value');
  }
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}
