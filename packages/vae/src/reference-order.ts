import { positiveInteger } from '@opnas/errors';
import type { ReferenceParameter } from '@opnas/runtime';
import { VaeError, invalidArgument } from './errors.js';

/**
 * Sort parameters into a reference `state_dict` order given as name prefixes (names matching no
 * prefix go last); ties keep their allocation order. Models list their own prefixes.
 */
export function inReferenceOrder<P extends Pick<ReferenceParameter, 'name'>>(parameters: readonly P[], prefixes: readonly string[]): P[] {
  const rank = (name: string) => {
    const r = prefixes.findIndex((prefix) => name.startsWith(prefix));
    return r === -1 ? prefixes.length : r;
  };
  return parameters
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p.name) - rank(b.p.name) || a.i - b.i)
    .map(({ p }) => p);
}

/** A model size option: a positive integer, or a `VaeError` naming the option. */
export function positiveSize(name: string, value: number): number {
  return positiveInteger(value, name, invalidArgument);
}
