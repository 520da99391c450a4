import { DTYPES, type SafetensorsDtype, type TensorData, isDtype } from './dtype.js';
import { SafetensorsError } from './errors.js';

/** One tensor: its dtype, shape and row-major data. */
export interface TensorEntry {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly data: TensorData;
}

/** A decoded file: tensors by name and the string metadata. */
export interface SafetensorsContents {
  readonly tensors: Record<string, TensorEntry>;
  readonly metadata: Record<string, string>;
}

// The format caps the header at 100 MB; a larger length means a corrupt or foreign file.
const MAX_HEADER = 100_000_000;

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Encode tensors in the safetensors layout: an 8-byte little-endian header length, a JSON header
 * padded with spaces to a multiple of 8 bytes (so every tensor is 8-byte aligned in the file),
 * then the tensors' little-endian bytes in name order.
 */
export function encodeSafetensors(tensors: Readonly<Record<string, TensorEntry>>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const names = Object.keys(tensors).sort();
  // Null-prototype objects: a tensor named "__proto__" must stay an ordinary key.
  const header: Record<string, unknown> = Object.create(null);
  if (Object.keys(metadata).length > 0) {
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string') throw new SafetensorsError(`@opnas/safetensors: metadata "${key}" must be a string`);
    }
    header.__metadata__ = Object.assign(Object.create(null), metadata);
  }
  let offset = 0;
  const blocks: { begin: number; bytes: Uint8Array }[] = [];
  for (const name of names) {
    if (name === '__metadata__') throw new SafetensorsError('@opnas/safetensors: "__metadata__" is not a tensor name');
    const { dtype, shape, data } = tensors[name]!;
    if (!isDtype(dtype)) throw new SafetensorsError(`@opnas/safetensors: tensor "${name}" has unknown dtype ${String(dtype)}`);
    if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new SafetensorsError(`@opnas/safetensors: tensor "${name}" has an invalid shape [${shape.join(', ')}]`);
    }
    if (!DTYPES[dtype].holds(data))
      throw new SafetensorsError(`@opnas/safetensors: tensor "${name}": ${dtype} data must be a ${DTYPES[dtype].make(new ArrayBuffer(0), 0).constructor.name}`);
    if (data.length !== product(shape)) {
      throw new SafetensorsError(`@opnas/safetensors: tensor "${name}" has shape [${shape.join(', ')}] but ${data.length} values`);
    }
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    header[name] = { dtype, shape: [...shape], data_offsets: [offset, offset + bytes.length] };
    blocks.push({ begin: offset, bytes });
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  const encoder = new TextEncoder();
  let headerBytes = encoder.encode(json);
  const padded = Math.ceil(headerBytes.length / 8) * 8;
  json += ' '.repeat(padded - headerBytes.length);
  headerBytes = encoder.encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  const start = 8 + headerBytes.length;
  for (const block of blocks) out.set(block.bytes, start + block.begin);
  return out;
}

/** Options of {@link decodeSafetensors}. */
export interface DecodeOptions {
  /** Name of the file in error messages. */
  readonly source?: string;
}

/**
 * Decode a safetensors buffer, validating the header: known dtypes, shapes that match the byte
 * ranges, ranges inside the buffer that neither overlap nor leave holes. Tensor data is copied
 * into fresh, aligned typed arrays.
 */
export function decodeSafetensors(bytes: Uint8Array, options: DecodeOptions = {}): SafetensorsContents {
  const where = `@opnas/safetensors: ${options.source ?? 'buffer'}`;
  if (bytes.length < 8) throw new SafetensorsError(`${where}: too short for a safetensors header (${bytes.length} bytes)`);
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLength > MAX_HEADER || 8 + headerLength > bytes.length) {
    throw new SafetensorsError(`${where}: header length ${headerLength} does not fit in ${bytes.length} bytes`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    throw new SafetensorsError(`${where}: header is not valid JSON (${(error as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new SafetensorsError(`${where}: header must be a JSON object`);
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = Object.create(null);
  const tensors: Record<string, TensorEntry> = Object.create(null);
  const ranges: [number, number, string][] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw === null || typeof raw !== 'object') throw new SafetensorsError(`${where}: __metadata__ must be an object of strings`);
      for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof value !== 'string') throw new SafetensorsError(`${where}: __metadata__.${key} must be a string`);
        metadata[key] = value;
      }
      continue;
    }
    const entry = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (!isDtype(entry?.dtype)) throw new SafetensorsError(`${where}: tensor "${name}" has unknown dtype ${JSON.stringify(entry?.dtype)}`);
    const shape = entry.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new SafetensorsError(`${where}: tensor "${name}" has an invalid shape`);
    }
    const offsets = entry.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
      throw new SafetensorsError(`${where}: tensor "${name}" has invalid data_offsets`);
    }
    const [begin, end] = offsets as [number, number];
    if (end > dataLength) throw new SafetensorsError(`${where}: tensor "${name}" ends at byte ${end}, past the data (${dataLength} bytes)`);
    const info = DTYPES[entry.dtype];
    const count = product(shape as number[]);
    if (count * info.bytes !== end - begin) {
      throw new SafetensorsError(`${where}: tensor "${name}" has shape [${shape.join(', ')}] (${count * info.bytes} bytes of ${entry.dtype}) but ${end - begin} bytes of data`);
    }
    const copy = new ArrayBuffer(end - begin);
    new Uint8Array(copy).set(bytes.subarray(dataStart + begin, dataStart + end));
    tensors[name] = { dtype: entry.dtype, shape: shape as number[], data: info.make(copy, count) };
    ranges.push([begin, end, name]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let covered = 0;
  for (const [begin, end, name] of ranges) {
    if (begin !== covered) {
      throw new SafetensorsError(`${where}: tensor "${name}" starts at byte ${begin}; expected ${covered} (overlapping or missing data)`);
    }
    covered = end;
  }
  if (covered !== dataLength) throw new SafetensorsError(`${where}: ${dataLength - covered} bytes of data after the last tensor`);
  return { tensors, metadata };
}
