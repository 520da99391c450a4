import type { TensorEntry } from './codec.js';

const scratch = new DataView(new ArrayBuffer(4));

/** IEEE half → float32. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** bfloat16 → float32: the upper 16 bits of a float32. */
function bfloatToFloat(b: number): number {
  scratch.setUint32(0, b << 16);
  return scratch.getFloat32(0);
}

/** Any tensor as float32 values (F16/BF16 widened, F64 rounded, integers converted). */
export function toFloat32(entry: TensorEntry): Float32Array {
  const { dtype, data } = entry;
  if (data instanceof Float32Array) return data;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    out[i] = dtype === 'F16' ? halfToFloat(v as number) : dtype === 'BF16' ? bfloatToFloat(v as number) : Number(v);
  }
  return out;
}
