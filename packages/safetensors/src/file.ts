import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { type SafetensorsContents, type TensorEntry, decodeSafetensors, encodeSafetensors } from './codec.js';
import { SafetensorsError } from './errors.js';

/** Write a safetensors file atomically (temporary file + rename): a crash never leaves half a file. */
export async function writeSafetensorsFile(path: string, tensors: Readonly<Record<string, TensorEntry>>, metadata: Readonly<Record<string, string>> = {}): Promise<void> {
  const bytes = encodeSafetensors(tensors, metadata);
  await writeFileAtomic(path, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** Read and validate a safetensors file; errors name the file. */
export async function readSafetensorsFile(path: string): Promise<SafetensorsContents> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new SafetensorsError(`@opnas/safetensors: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return decodeSafetensors(bytes, { source: path });
}
