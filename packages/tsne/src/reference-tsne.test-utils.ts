// Plain exact t-SNE for the tests: dense P with per-point bisection over all other points, the
// exact KL and its gradient, and the same optimiser schedule. Written for obviousness, O(n²).

export function squaredDistanceMatrix(x: number[][]): number[][] {
  return x.map((a) => x.map((b) => a.reduce((s, v, c) => s + (v - b[c]!) ** 2, 0)));
}

/** Conditional p_{j|i} over all j ≠ i, β by bisection in log space on the entropy. */
export function plainConditional(d2: number[][], perplexity: number): number[][] {
  const target = Math.log(perplexity);
  return d2.map((row, i) => {
    let lo = -50;
    let hi = 50;
    let p: number[] = [];
    for (let step = 0; step < 200; step++) {
      const beta = Math.exp((lo + hi) / 2);
      const w = row.map((d, j) => (j === i ? 0 : Math.exp(-beta * d)));
      const z = w.reduce((s, v) => s + v, 0);
      p = w.map((v) => v / z);
      const entropy = -p.reduce((s, v) => (v > 0 ? s + v * Math.log(v) : s), 0);
      if (entropy > target) lo = (lo + hi) / 2;
      else hi = (lo + hi) / 2;
    }
    return p;
  });
}

export function plainJoint(conditional: number[][]): number[][] {
  const n = conditional.length;
  const sym = conditional.map((row, i) => row.map((v, j) => v + conditional[j]![i]!));
  const total = sym.flat().reduce((s, v) => s + v, 0);
  return sym.map((row) => row.map((v) => v / total)).slice(0, n);
}

/** KL(P‖Q) with Student-t Q over all pairs i ≠ j. y is n × 2. */
export function plainKl(p: number[][], y: number[][]): number {
  const n = y.length;
  const w = y.map((a, i) => y.map((b, j) => (i === j ? 0 : 1 / (1 + (a[0]! - b[0]!) ** 2 + (a[1]! - b[1]!) ** 2))));
  const z = w.flat().reduce((s, v) => s + v, 0);
  let kl = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && p[i]![j]! > 0) kl += p[i]![j]! * Math.log(p[i]![j]! / (w[i]![j]! / z));
  return kl;
}

/** ∂KL/∂y_i = 4 Σ_j (p_ij − q_ij) w_ij (y_i − y_j). */
export function plainGradient(p: number[][], y: number[][]): number[][] {
  const n = y.length;
  const w = y.map((a, i) => y.map((b, j) => (i === j ? 0 : 1 / (1 + (a[0]! - b[0]!) ** 2 + (a[1]! - b[1]!) ** 2))));
  const z = w.flat().reduce((s, v) => s + v, 0);
  return y.map((a, i) => {
    const g = [0, 0];
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const m = 4 * (p[i]![j]! - w[i]![j]! / z) * w[i]![j]!;
      g[0]! += m * (a[0]! - y[j]![0]!);
      g[1]! += m * (a[1]! - y[j]![1]!);
    }
    return g;
  });
}

/** Exact t-SNE with scikit-learn's optimiser schedule; random init from a given generator. */
export function plainExactTsne(x: number[][], perplexity: number, init: number[][], iterations = 1000): number[][] {
  const p = plainJoint(plainConditional(squaredDistanceMatrix(x), perplexity));
  let y = init.map((r) => [...r]);
  const run = (from: number, to: number, momentum: number, scale: number) => {
    const update = y.map(() => [0, 0]);
    const gains = y.map(() => [1, 1]);
    const scaled = p.map((row) => row.map((v) => v * scale));
    for (let it = from; it < to; it++) {
      const g = plainGradient(scaled, y);
      y = y.map((row, i) =>
        row.map((v, c) => {
          const gi = g[i]![c]!;
          const u = update[i]![c]!;
          gains[i]![c] = u * gi < 0 ? gains[i]![c]! + 0.2 : Math.max(gains[i]![c]! * 0.8, 0.01);
          update[i]![c] = momentum * u - 200 * gi * gains[i]![c]!;
          return v + update[i]![c]!;
        }),
      );
    }
  };
  run(0, 250, 0.5, 12);
  run(250, iterations, 0.8, 1);
  return y;
}
