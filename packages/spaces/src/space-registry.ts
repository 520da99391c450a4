import { type Dag, ENAS6, type SearchSpace } from '@opnas/dag';
import { nonNegativeInteger } from '@opnas/errors';
import { SpacesError, invalidArgument } from './errors.js';
import { NB101 } from './nas-bench-101.js';
import { NB201 } from './nas-bench-201.js';

/** The spaces opnas ships, by name. */
export const SEARCH_SPACES = Object.freeze({ enas6: ENAS6, nb101: NB101, nb201: NB201 });

/** Name of a shipped search space. */
export type SearchSpaceName = keyof typeof SEARCH_SPACES;

/** The shipped space called `name`; an unknown name is an error listing the known ones. */
export function searchSpace(name: string): SearchSpace {
  const space = (SEARCH_SPACES as Record<string, SearchSpace>)[name];
  if (space === undefined) throw new SpacesError(`@opnas/spaces: unknown search space "${name}"; expected one of ${Object.keys(SEARCH_SPACES).join(', ')}`);
  return space;
}

/** `count` distinct valid architectures drawn with the space's sampler (keys decide distinctness). */
export function sampleDistinct(space: SearchSpace, count: number, random: { randbelow(n: number): number }, options: { readonly maxDraws?: number } = {}): Dag[] {
  nonNegativeInteger(count, 'count', invalidArgument);
  const maxDraws = options.maxDraws ?? count * 100 + 1000;
  const seen = new Set<string>();
  const out: Dag[] = [];
  for (let draws = 0; out.length < count; draws++) {
    if (draws >= maxDraws) throw new SpacesError(`@opnas/spaces: only ${out.length} distinct ${space.name} architectures in ${maxDraws} draws`);
    const dag = space.sample(random);
    const key = space.key(dag);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(dag);
    }
  }
  return out;
}
