/** Thrown for a malformed safetensors file or a tensor that cannot be written. */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}
