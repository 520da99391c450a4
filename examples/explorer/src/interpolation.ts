/** How to walk from one latent point to another. */
export type InterpolationMethod = 'linear' | 'great-circle';

/**
 * `steps + 1` points from `a` to `b` (both ends included). `linear`: a + t(b − a). `great-circle`
 * (spherical linear interpolation): along the great circle through the two directions, the norm
 * moving linearly from |a| to |b| — the walk D-VAE's interpolation experiments take on the
 * prior's shell, where straight lines cut through the low-density centre. Parallel or
 * antiparallel points (no unique circle) fall back to linear.
 */
export function interpolate(a: ArrayLike<number>, b: ArrayLike<number>, steps: number, method: InterpolationMethod): Float64Array[] {
  if (a.length !== b.length) throw new RangeError(`explorer: interpolate: the points have ${a.length} and ${b.length} dimensions`);
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`explorer: interpolate: steps must be a positive integer, got ${steps}`);
  const n = a.length;
  let na = 0;
  let nb = 0;
  let dot = 0;
  for (let i = 0; i < n; i++) {
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
    dot += a[i]! * b[i]!;
  }
  na = Math.sqrt(na);
  nb = Math.sqrt(nb);
  const cos = na > 0 && nb > 0 ? Math.min(1, Math.max(-1, dot / (na * nb))) : 1;
  const theta = Math.acos(cos);
  const spherical = method === 'great-circle' && Math.sin(theta) > 1e-6;
  const out: Float64Array[] = [];
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    const z = new Float64Array(n);
    if (spherical) {
      // unit directions mixed along the circle, then scaled to the interpolated norm
      const wa = Math.sin((1 - t) * theta) / Math.sin(theta) / na;
      const wb = Math.sin(t * theta) / Math.sin(theta) / nb;
      const norm = (1 - t) * na + t * nb;
      for (let i = 0; i < n; i++) z[i] = norm * (wa * a[i]! + wb * b[i]!);
    } else {
      for (let i = 0; i < n; i++) z[i] = a[i]! + t * (b[i]! - a[i]!);
    }
    out.push(z);
  }
  return out;
}
