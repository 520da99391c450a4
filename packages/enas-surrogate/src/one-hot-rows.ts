import { ARCHITECTURE_FEATURE_COUNT, architectureFeatures } from '@opnas/bayesopt';
import type { BinaryRows } from './gradient-boosted-trees.js';

/**
 * ENAS-6 flat strings as sparse binary rows of the 51 one-hot features of `@opnas/bayesopt`'s
 * `architectureFeatures` (6 layers × 6 ops, then the 15 skip bits) — an encoding of the
 * architecture alone, with no VAE in it. Throws (naming the string) for anything but ENAS-6.
 */
export function oneHotRows(flats: readonly string[]): BinaryRows {
  return {
    featureCount: ARCHITECTURE_FEATURE_COUNT,
    rows: flats.map((flat) => {
      const f = architectureFeatures(flat);
      const active: number[] = [];
      for (let k = 0; k < f.length; k++) if (f[k] === 1) active.push(k);
      return active;
    }),
  };
}
