// Written here instead of taking @stdlib's erfc (one call pulled a tree of @stdlib packages into
// every install). Two classic expansions cover the line with full double precision:
const SERIES_LIMIT = 2;
const EPSILON = 1e-17;
const TINY = 1e-300;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erf(x) = (2x/√π) e^{−x²} Σₙ (2x²)ⁿ / (1·3·…·(2n+1)): every term positive, so no cancellation;
 * for |x| < 2 it needs at most ~60 terms.
 */
function errorFunctionSeries(x: number): number {
  const x2 = x * x;
  let term = 1;
  let sum = 1;
  for (let n = 1; term > EPSILON * sum; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  return TWO_OVER_SQRT_PI * x * Math.exp(-x2) * sum;
}

/**
 * erfc(x) = (e^{−x²}/√π) / (x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) for x > 0, by the modified
 * Lentz method; relative precision throughout, including far into the tail.
 */
function complementaryErrorFunctionFraction(x: number): number {
  let value = x;
  let c = x;
  let d = 0;
  for (let j = 1; j < 10_000; j++) {
    const a = j / 2;
    d = x + a * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = x + a / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = c * d;
    value *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * value);
}

/** The complementary error function erfc(x) = 1 − erf(x) = (2/√π) ∫ₓ^∞ e^{−t²} dt, for any real x. */
export function complementaryErrorFunction(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - complementaryErrorFunction(-x);
  if (x < SERIES_LIMIT) return 1 - errorFunctionSeries(x);
  if (x > 27.3) return 0; // below the smallest subnormal double
  return complementaryErrorFunctionFraction(x);
}
