// Lanczos approximation with g = 7 and nine coefficients (the widely published set); its
// relative error is below 2e-15 for every x ≥ 0.5.
const G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
// Stirling's series ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + Σₖ B₂ₖ / (2k(2k−1) x^{2k−1}); eight
// terms leave an error below 2e-18 for x ≥ 10.
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400];
const STIRLING_FROM = 10;

/** ln Γ(x) for x > 0 (reflection below 1/2 keeps the Lanczos sum in its accurate range). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let k = 1; k < LANCZOS.length; k++) sum += LANCZOS[k]! / (z + k);
  const t = z + G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The correction Σₖ B₂ₖ / (2k(2k−1) x^{2k−1}) of Stirling's series, for x ≥ 10. */
function stirlingCorrection(x: number): number {
  const inverse2 = 1 / (x * x);
  let sum = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) sum = sum * inverse2 + STIRLING[k]!;
  return sum / x;
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). When one shape is large, ln Γ(big) − ln Γ(big + small)
 * is taken from Stirling's series in closed form: subtracting two large ln Γ values would lose
 * about log₁₀(big · ln big) digits (1e-11 relative error in a p-value from 19,020 pairs).
 */
export function logBeta(a: number, b: number): number {
  const big = Math.max(a, b);
  const small = Math.min(a, b);
  if (big < STIRLING_FROM) return logGamma(a) + logGamma(b) - logGamma(a + b);
  const sum = big + small;
  if (small >= STIRLING_FROM) {
    // Both large: Stirling for all three, with the x ln x terms gathered as ratios.
    const s = stirlingCorrection(a) + stirlingCorrection(b) - stirlingCorrection(sum);
    return (a - 0.5) * Math.log(a / sum) + (b - 0.5) * Math.log(b / sum) + HALF_LOG_TWO_PI - 0.5 * Math.log(sum) + s;
  }
  const difference = -(big - 0.5) * Math.log1p(small / big) - small * Math.log(sum) + small + stirlingCorrection(big) - stirlingCorrection(sum);
  return logGamma(small) + difference;
}
