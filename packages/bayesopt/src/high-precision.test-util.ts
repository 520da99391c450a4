/**
 * 80-digit fixed-point references for the normal tail quantities, kept in the tests so that log
 * EI is checked against a computation that shares no code or floating-point path with it.
 * A value v is represented by the BigInt round(v·10⁸⁰).
 */
export const SCALE = 10n ** 80n;

// π to 100 decimals
const PI_DIGITS = '31415926535897932384626433832795028841971693993751058209749445923078164062862089986280348253421170679';
const PI = BigInt(PI_DIGITS.slice(0, 81));

/** Exact fixed-point image of a double with |x| ≥ 2⁻¹⁰ (x·2⁶² is then an integer) or x = 0. */
export function fixed(x: number): bigint {
  if (x === 0) return 0n;
  if (Math.abs(x) < 2 ** -10) throw new RangeError('fixed: |x| too small for an exact conversion');
  return (BigInt(x * 2 ** 62) * SCALE) / 2n ** 62n;
}

export const toNumber = (v: bigint): number => {
  // split to keep precision: integer part and the fraction
  const neg = v < 0n;
  const a = neg ? -v : v;
  const whole = a / SCALE;
  const frac = a % SCALE;
  const value = Number(whole) + Number((frac * 10n ** 20n) / SCALE) / 1e20 + Number(((frac * 10n ** 40n) / SCALE) % 10n ** 20n) / 1e40;
  return neg ? -value : value;
};

const mul = (a: bigint, b: bigint): bigint => (a * b) / SCALE;
const div = (a: bigint, b: bigint): bigint => (a * SCALE) / b;

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  for (;;) {
    const y = (x + n / x) / 2n;
    if (y >= x - 1n && y <= x + 1n) {
      let r = y;
      while (r * r > n) r -= 1n;
      while ((r + 1n) * (r + 1n) <= n) r += 1n;
      return r;
    }
    x = y;
  }
}

/** e^y for 0 ≤ y ≤ 60 by its Taylor series. */
function exp(y: bigint): bigint {
  let sum = SCALE;
  let term = SCALE;
  for (let k = 1n; k < 2000n; k++) {
    term = mul(term, y) / k;
    if (term === 0n) break;
    sum += term;
  }
  return sum;
}

/** Upper Mills ratio M(x) = (1 − Φ(x))/φ(x) for x ≥ 5 by Laplace's continued fraction, evaluated backwards. */
export function upperMills(x: number, terms = 3000): bigint {
  const xb = fixed(x);
  let t = xb;
  for (let k = terms - 1; k >= 0; k--) t = xb + div(BigInt(k + 1) * SCALE, t);
  return div(SCALE, t);
}

/**
 * R(s) = Φ(s)/φ(s) for |s| ≤ 10 by R(s) = ½√(2π)e^{s²/2} + Σ s^{2n+1}/(2n+1)!! (the cancellation
 * for negative s costs ≤ 23 of the 80 digits).
 */
export function lowerMillsSeries(s: number): bigint {
  const sb = fixed(s);
  const s2 = mul(sb, sb);
  let term = sb;
  let sum = sb;
  for (let n = 1n; n < 5000n; n++) {
    term = mul(term, s2) / (2n * n + 1n);
    if (term === 0n) break;
    sum += term;
  }
  const sqrt2pi = isqrt(2n * PI * SCALE);
  return sum + mul(sqrt2pi, exp(s2 / 2n)) / 2n;
}

/** h(s) = 1 + s·R(s) = EI/(σφ(s)) to 60+ digits: series for s ≥ −10, continued fraction below. */
export function eiOverPhi(s: number): bigint {
  if (s < -10) return SCALE - mul(fixed(-s), upperMills(-s));
  return SCALE + mul(fixed(s), lowerMillsSeries(s));
}
