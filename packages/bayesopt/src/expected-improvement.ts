import { lowerMillsRatio, normalCdf, normalLogPdf, normalPdf } from './normal-distribution.js';

/** An acquisition value at one point and its partial derivatives in the predictive moments. */
export interface AcquisitionValue {
  readonly value: number;
  /** ∂value/∂mean. */
  readonly dMean: number;
  /** ∂value/∂variance. */
  readonly dVariance: number;
}

/** How log EI treats the far lower tail s < −10. */
export type LogEiTail =
  /** The reference's asymptotic Mills ratio R(s) ≈ −(1/s − 1/s³ + 3/s⁵ − 15/s⁷) (protocol §7.3). */
  | 'asymptotic'
  /** The continued fraction there too: exact to rounding (differs from the reference by ≤ 1e-4 in log EI just below −10). */
  | 'exact';

/** Options of {@link logExpectedImprovement}. */
export interface LogEiOptions {
  /** Default 'asymptotic', as the reference. */
  readonly tail?: LogEiTail;
  /** Variances below this are raised to it (and get zero derivative). Default 1e-12. */
  readonly varianceFloor?: number;
}

/**
 * log EI for **minimisation** in the form of protocol §7.3 (the reference's `batched_greedy_ei`):
 *
 *   s = (η − m)/√v,   log EI = log((η − m)·R(s) + √v) + log φ(s),   R(s) = Φ(s)/φ(s)
 *
 * with R(s) replaced by its asymptotic series −(1/s − 1/s³ + 3/s⁵ − 15/s⁷) for s < −10. Written
 * as log √v + log h(s) + log φ(s) with h = 1 + s·R(s) (so EI = √v·φ(s)·h(s)), which is the same
 * quantity; for s ≥ 0 h·φ = s·Φ(s) + φ(s) is evaluated directly so nothing overflows at large s.
 * The derivatives are exact for the function computed (in the asymptotic branch, of the
 * truncated series): ∂/∂m = −g/√v and ∂/∂v = (1 − s·g)/(2v) with g = d/ds log(h·φ).
 */
export function logExpectedImprovement(mean: number, variance: number, incumbent: number, options: LogEiOptions = {}): AcquisitionValue {
  const floor = options.varianceFloor ?? 1e-12;
  const clamped = !(variance > floor);
  const v = clamped ? floor : variance;
  const sigma = Math.sqrt(v);
  const s = (incumbent - mean) / sigma;
  let logHPhi: number;
  let slope: number; // d/ds log(h(s)·φ(s))
  if (s < -10 && (options.tail ?? 'asymptotic') === 'asymptotic') {
    const s2 = 1 / (s * s);
    // h = 1 + s·R(s) = s⁻² − 3s⁻⁴ + 15s⁻⁶ with the truncated series
    const h = s2 * (1 - s2 * (3 - 15 * s2));
    const dh = (-2 * s2 + 12 * s2 * s2 - 90 * s2 * s2 * s2) / s;
    logHPhi = Math.log(h) + normalLogPdf(s);
    slope = dh / h - s;
  } else if (s < 0) {
    const r = lowerMillsRatio(s);
    const h = 1 + s * r;
    logHPhi = Math.log(h) + normalLogPdf(s);
    slope = r / h; // d/ds log(sΦ + φ) = Φ/(sΦ + φ) = R/h
  } else {
    const cdf = normalCdf(s);
    const e = s * cdf + normalPdf(s);
    logHPhi = Math.log(e);
    slope = cdf / e;
  }
  return {
    value: Math.log(sigma) + logHPhi,
    dMean: -slope / sigma,
    dVariance: clamped ? 0 : (1 - s * slope) / (2 * v),
  };
}

/**
 * The upper confidence bound for minimisation, as a quantity to maximise: −m + κ√v (the
 * negated lower confidence bound m − κ√v).
 */
export function upperConfidenceBound(mean: number, variance: number, kappa: number, varianceFloor = 1e-12): AcquisitionValue {
  const clamped = !(variance > varianceFloor);
  const v = clamped ? varianceFloor : variance;
  const sigma = Math.sqrt(v);
  return { value: -mean + kappa * sigma, dMean: -1, dVariance: clamped ? 0 : kappa / (2 * sigma) };
}
