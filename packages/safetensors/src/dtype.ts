/** Element types of the safetensors format. */
export type SafetensorsDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'U16' | 'U32' | 'BOOL';

/** The typed array that holds each dtype (F16 and BF16 are kept as raw 16-bit words). */
export type TensorData = Float64Array | Float32Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | Uint32Array;

interface DtypeInfo {
  readonly bytes: number;
  readonly make: (buffer: ArrayBuffer, length: number) => TensorData;
  readonly holds: (data: TensorData) => boolean;
}

export const DTYPES: Readonly<Record<SafetensorsDtype, DtypeInfo>> = {
  F64: { bytes: 8, make: (b, n) => new Float64Array(b, 0, n), holds: (d) => d instanceof Float64Array },
  F32: { bytes: 4, make: (b, n) => new Float32Array(b, 0, n), holds: (d) => d instanceof Float32Array },
  F16: { bytes: 2, make: (b, n) => new Uint16Array(b, 0, n), holds: (d) => d instanceof Uint16Array },
  BF16: { bytes: 2, make: (b, n) => new Uint16Array(b, 0, n), holds: (d) => d instanceof Uint16Array },
  I64: { bytes: 8, make: (b, n) => new BigInt64Array(b, 0, n), holds: (d) => d instanceof BigInt64Array },
  I32: { bytes: 4, make: (b, n) => new Int32Array(b, 0, n), holds: (d) => d instanceof Int32Array },
  I16: { bytes: 2, make: (b, n) => new Int16Array(b, 0, n), holds: (d) => d instanceof Int16Array },
  I8: { bytes: 1, make: (b, n) => new Int8Array(b, 0, n), holds: (d) => d instanceof Int8Array },
  U8: { bytes: 1, make: (b, n) => new Uint8Array(b, 0, n), holds: (d) => d instanceof Uint8Array },
  U16: { bytes: 2, make: (b, n) => new Uint16Array(b, 0, n), holds: (d) => d instanceof Uint16Array },
  U32: { bytes: 4, make: (b, n) => new Uint32Array(b, 0, n), holds: (d) => d instanceof Uint32Array },
  BOOL: { bytes: 1, make: (b, n) => new Uint8Array(b, 0, n), holds: (d) => d instanceof Uint8Array },
};

export const isDtype = (value: unknown): value is SafetensorsDtype => typeof value === 'string' && Object.hasOwn(DTYPES, value);
