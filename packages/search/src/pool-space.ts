import { normaliseFlat } from '@opnas/bayesopt';
import { enasSpace } from './enas-space.js';
import { SearchArgumentError } from './errors.js';
import type { SearchSpace } from './search-space.js';

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * A search space restricted to a finite pool of architectures — the pool protocol, where every
 * method searches the same candidates (e.g. labelled architectures no model saw in training):
 * `sample` draws uniformly from the pool, `neighbours` keeps the base space's neighbours that are
 * in the pool, and `mutate` draws uniformly among those, or from the whole pool when an
 * architecture has no neighbour in it. The name records the pool's size and a checksum, so a log
 * cannot be resumed against another pool.
 */
export function poolSpace(pool: readonly string[], base: SearchSpace = enasSpace): SearchSpace {
  const members = [...new Set(pool.map(normaliseFlat))];
  if (members.length === 0) throw new SearchArgumentError('@opnas/search: the pool is empty', 'pool');
  const inPool = new Set(members);
  const neighbours = (arch: string) => base.neighbours(arch).filter((n) => inPool.has(n));
  return {
    name: `${base.name}/pool-${members.length}-${fnv1a(members.join('\n'))}`,
    sample: (rng) => members[rng.randbelow(members.length)]!,
    neighbours,
    mutate(arch, rng) {
      const near = neighbours(arch);
      return near.length ? near[rng.randbelow(near.length)]! : members[rng.randbelow(members.length)]!;
    },
  };
}
