import { positiveInteger } from '@opnas/errors';
import { EncoderError, invalidArgument } from './errors.js';

/**
 * Throws an {@link EncoderError} naming the first size that is not a positive integer, in the
 * order given; `owner` (e.g. `'Linear'`) prefixes the name for a layer's own sizes.
 */
export function checkSizes(owner: string, sizes: Readonly<Record<string, number>>): void {
  for (const [name, v] of Object.entries(sizes)) {
    positiveInteger(v, owner === '' ? name : `${owner} ${name}`, invalidArgument);
  }
}
