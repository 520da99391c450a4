import { ENAS_LAYERS, ENAS_OP_COUNT, enasFlatToLayers } from '@opnas/dag';
import type { PythonRandom } from '@opnas/rng';
import { SearchArgumentError } from './errors.js';
import type { SearchSpace } from './search-space.js';

/** Positions of the six operations in a 21-integer ENAS-6 flat string (layer i starts at i(i+1)/2). */
const OP_POSITIONS = [0, 1, 3, 6, 10, 15] as const;
/** Positions of the 15 skip bits. */
const BIT_POSITIONS = Array.from({ length: 21 }, (_, i) => i).filter((i) => !(OP_POSITIONS as readonly number[]).includes(i));

function parse(arch: string): number[] {
  let layers: number[][];
  try {
    layers = enasFlatToLayers(arch);
  } catch (error) {
    throw new SearchArgumentError(`@opnas/search: "${arch}" is not an ENAS flat string: ${(error as Error).message}`, 'arch');
  }
  if (layers.length !== ENAS_LAYERS) throw new SearchArgumentError(`@opnas/search: "${arch}" has ${layers.length} layers, expected ${ENAS_LAYERS}`, 'arch');
  return layers.flat(); // enasFlatToLayers has checked the op range and the 0/1 bits
}

const format = (values: readonly number[]): string => values.join(' ');

/**
 * The ENAS-6 macro space (protocol §1.1): six layers, each one of six operations, and 15 skip bits.
 * Every such string is a valid ENAS architecture (the backbone edges are implicit), so an edit
 * never needs repairing. One edit is either an **op change** (one layer takes another of the
 * five other operations: 30 neighbours) or an **edge flip** (one skip bit flips: 15 neighbours).
 *
 * - `sample` draws the ops and bits uniformly (1 of 6⁶ · 2¹⁵ ≈ 1.5 · 10⁹).
 * - `mutate` does as Real et al.'s regularised evolution: pick the kind of edit with
 *   probability ½ each, then the layer and new op, or the bit, uniformly.
 * - `neighbours` lists the 45 one-edit architectures: op changes layer by layer, then flips.
 */
export const enasSpace: SearchSpace = {
  name: 'enas-6',
  sample(rng) {
    const values = new Array<number>(21).fill(0);
    for (let i = 0; i < 21; i++) values[i] = (OP_POSITIONS as readonly number[]).includes(i) ? rng.randbelow(ENAS_OP_COUNT) : rng.randbelow(2);
    return format(values);
  },
  mutate(arch, rng) {
    const values = parse(arch);
    if (rng.random() < 0.5) {
      const at = OP_POSITIONS[rng.randbelow(OP_POSITIONS.length)]!;
      values[at] = (values[at]! + 1 + rng.randbelow(ENAS_OP_COUNT - 1)) % ENAS_OP_COUNT;
    } else {
      const at = BIT_POSITIONS[rng.randbelow(BIT_POSITIONS.length)]!;
      values[at] = 1 - values[at]!;
    }
    return format(values);
  },
  neighbours(arch) {
    const values = parse(arch);
    const out: string[] = [];
    for (const at of OP_POSITIONS) {
      for (let op = 0; op < ENAS_OP_COUNT; op++) {
        if (op === values[at]) continue;
        const v = [...values];
        v[at] = op;
        out.push(format(v));
      }
    }
    for (const at of BIT_POSITIONS) {
      const v = [...values];
      v[at] = 1 - v[at]!;
      out.push(format(v));
    }
    return out;
  },
};
