import { OpnasError } from '@opnas/errors';

/** Thrown for a malformed safetensors file or a tensor that cannot be written. Code `invalid-safetensors`. */
export class SafetensorsError extends OpnasError<'invalid-safetensors'> {
  override name = 'SafetensorsError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/safetensors', 'invalid-safetensors', message, options);
  }
}
