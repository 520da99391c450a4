import type { PythonRandom } from '@opnas/rng';

/**
 * What the search baselines need of a search space, and nothing more: architectures are
 * canonical strings (for ENAS, whitespace-normalised flat strings, protocol §1.4), so they key
 * caches and logs directly. Kept this small so a richer space contract can serve it.
 */
export interface SearchSpace {
  /** Identifies the space in run logs, e.g. 'enas-6'. */
  readonly name: string;
  /** A uniformly random valid architecture. */
  sample(rng: PythonRandom): string;
  /** A random valid architecture one edit away from `arch` (never `arch` itself). */
  mutate(arch: string, rng: PythonRandom): string;
  /** Every valid architecture one edit away from `arch`, in a fixed order. */
  neighbours(arch: string): string[];
}
