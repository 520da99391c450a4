import { normaliseFlat } from '@opnas/bayesopt';
import { positiveInteger } from '@opnas/errors';
import { enasSpace } from './enas-space.js';
import { SearchArgumentError, invalidArgument } from './errors.js';
import type { SearchSpace } from './search-space.js';

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Options of {@link poolSpace}. */
export interface PoolSpaceOptions {
  /**
   * When set, an architecture's neighbours are the `nearest` other pool members closest in edit
   * distance (positions that differ between the flat strings; ties by pool order) instead of the
   * base space's one-edit neighbours that happen to be in the pool. A sparse pool — the 1,902
   * test architectures of ENAS-6 have no one-edit neighbour among themselves — needs this, or
   * evolution and local search degenerate to random search. Default: one-edit neighbours.
   */
  readonly nearest?: number;
}

/** Positions at which two equally long flat strings differ. */
function editDistance(a: readonly string[], b: readonly string[]): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d + Math.abs(a.length - b.length);
}

/**
 * A search space restricted to a finite pool of architectures — the pool protocol, where every
 * method searches the same candidates (e.g. labelled architectures no model saw in training):
 * `sample` draws uniformly from the pool, `neighbours` keeps the base space's neighbours that are
 * in the pool, and `mutate` draws uniformly among those, or from the whole pool when an
 * architecture has no neighbour in it. The name records the pool's size and a checksum, so a log
 * cannot be resumed against another pool.
 */
export function poolSpace(pool: readonly string[], base: SearchSpace = enasSpace, options: PoolSpaceOptions = {}): SearchSpace {
  const members = [...new Set(pool.map(normaliseFlat))];
  if (members.length === 0) throw new SearchArgumentError('@opnas/search: the pool is empty', 'pool');
  const k = options.nearest;
  if (k !== undefined) positiveInteger(k, 'nearest', invalidArgument);
  const inPool = new Set(members);
  const tokens = members.map((m) => m.split(' '));
  const nearestOf = (arch: string): string[] => {
    const t = normaliseFlat(arch).split(' ');
    return members
      .map((m, i) => ({ m, i, d: editDistance(t, tokens[i]!) }))
      .filter((e) => e.d > 0)
      .sort((a, b) => a.d - b.d || a.i - b.i)
      .slice(0, k)
      .map((e) => e.m);
  };
  const neighbours = k === undefined ? (arch: string) => base.neighbours(arch).filter((n) => inPool.has(n)) : nearestOf;
  return {
    name: `${base.name}/pool-${members.length}-${fnv1a(members.join('\n'))}${k === undefined ? '' : `/nearest-${k}`}`,
    sample: (rng) => members[rng.randbelow(members.length)]!,
    neighbours,
    mutate(arch, rng) {
      const near = neighbours(arch);
      return near.length ? near[rng.randbelow(near.length)]! : members[rng.randbelow(members.length)]!;
    },
  };
}
