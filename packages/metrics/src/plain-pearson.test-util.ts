/** Pearson's r as the textbook writes it (centre, then cosine of the centred vectors): the tests' independent route. */
export function plainPearson(x: readonly number[], y: readonly number[]): number {
  const centre = (v: readonly number[]) => {
    const mean = v.reduce((s, a) => s + a, 0) / v.length;
    return v.map((a) => a - mean);
  };
  const cx = centre(x);
  const cy = centre(y);
  const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, ai, i) => s + ai * b[i]!, 0);
  return dot(cx, cy) / Math.sqrt(dot(cx, cx) * dot(cy, cy));
}
