import { EncoderError } from './errors.js';

/**
 * Throws an {@link EncoderError} naming the first size that is not a positive integer, in the
 * order given; `owner` (e.g. `'Linear'`) prefixes the name for a layer's own sizes.
 */
export function checkSizes(owner: string, sizes: Readonly<Record<string, number>>): void {
  for (const [name, v] of Object.entries(sizes)) {
    if (!Number.isInteger(v) || v < 1) throw new EncoderError(`@opnas/encoders: ${owner === '' ? '' : `${owner} `}${name} must be a positive integer, got ${v}`);
  }
}
