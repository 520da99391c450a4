// Viridis, sampled at nine stops (matplotlib's values), linearly blended between them.
const VIRIDIS = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
] as const;

/** `t` in [0, 1] → an rgb() colour on viridis (dark purple → yellow). */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return `rgb(${Math.round(a[0] + f * (b[0] - a[0]))}, ${Math.round(a[1] + f * (b[1] - a[1]))}, ${Math.round(a[2] + f * (b[2] - a[2]))})`;
}

/**
 * The colour range of the map: the 2nd to 98th percentile of the accuracies, so that the few
 * failed architectures (accuracy near 0.1) do not squash everyone else into one colour.
 */
export function colourRange(values: ArrayLike<number>): { readonly low: number; readonly high: number } {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  const low = at(0.02);
  const high = at(0.98);
  return high > low ? { low, high } : { low: low - 1e-6, high: high + 1e-6 };
}
