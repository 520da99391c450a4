// Shared test fixtures (not part of the published package: excluded in package.json `files`).

/** A reproducible uniform(−0.5, 0.5) stream (a linear congruential generator; tests only). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(1664525, s) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

/** A random SPD matrix B·Bᵀ/n + I with a reproducible generator. */
export function randomSpd(n: number, seed: number): Float64Array {
  const rnd = lcg(seed);
  const b = Float64Array.from({ length: n * n }, rnd);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let t = 0;
      for (let p = 0; p < n; p++) t += b[i * n + p]! * b[j * n + p]!;
      a[i * n + j] = a[j * n + i] = t / n + (i === j ? 1 : 0);
    }
  }
  return a;
}
