import { MetricsError } from './errors.js';
import { logBeta } from './log-gamma.js';

// Written here instead of taking @stdlib's betainc: that one package pulled 212 @stdlib packages
// (26 MB) into every install of @opnas/metrics, @opnas/sgp and @opnas/bayesopt for one call.
const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_TERMS = 100_000;

/**
 * The continued fraction 1 + d₁/(1 + d₂/(1 + …)) of I_x(a, b) (its even and odd coefficients
 * d₂ₘ = m(b−m)x / ((a+2m−1)(a+2m)), d₂ₘ₊₁ = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1))), evaluated by
 * the modified Lentz method. Converges fast for x < (a+1)/(a+b+2).
 */
function betaContinuedFraction(x: number, a: number, b: number): number {
  let value = 1;
  let c = 1;
  let d = 0;
  for (let j = 1; j <= MAX_TERMS; j++) {
    const m = Math.floor(j / 2);
    const coefficient = j % 2 === 0 ? (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)) : (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + coefficient * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + coefficient / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = c * d;
    value *= step;
    if (Math.abs(step - 1) < EPSILON) return value;
  }
  throw new MetricsError(`@opnas/metrics: regularisedIncompleteBeta(${x}, ${a}, ${b}) did not converge in ${MAX_TERMS} terms`);
}

/**
 * The regularised incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b) for 0 ≤ x ≤ 1 and
 * a, b > 0 (scipy's `betainc(a, b, x)`; note the argument order). Absolute error below 1e-14
 * for the shape parameters correlation p-values use.
 */
export function regularisedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1)) throw new MetricsError(`@opnas/metrics: regularisedIncompleteBeta: x must be in [0, 1], got ${x}`);
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new MetricsError(`@opnas/metrics: regularisedIncompleteBeta: a and b must be positive and finite, got a = ${a}, b = ${b}`);
  }
  if (x === 0) return 0;
  if (x === 1) return 1;
  // x^a (1−x)^b / B(a, b), in logs so that large shapes neither overflow nor underflow early.
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  // The fraction converges quickly only left of the mean; use I_x(a, b) = 1 − I_{1−x}(b, a) right of it.
  if (x < (a + 1) / (a + b + 2)) return front / (a * betaContinuedFraction(x, a, b));
  return 1 - front / (b * betaContinuedFraction(1 - x, b, a));
}
