/**
 * The fitted sparse GP as the page needs it: the predictive state (a = K⁻¹m, Φ = L P⁻¹ Lᵀ,
 * protocol §6.4) precomputed in Node by @opnas/sgp, so the browser only evaluates the SE-ARD kernel
 * against the M inducing inputs. @opnas/sgp's own prediction runs its matrix kernels on shared
 * wasm memory with worker threads (Node's `worker_threads`, and a browser would need
 * cross-origin isolation for the SharedArrayBuffer), so it does not run in the page.
 */
export interface SgpState {
  readonly inducingCount: number;
  readonly dim: number;
  /** Inducing inputs, M × D row-major. */
  readonly z: Float64Array;
  /** log ℓ_d (ℓ is a squared lengthscale: k = σ_f·exp(−½ Σ (x_d − z_d)²/ℓ_d)). */
  readonly logLengthscales: Float64Array;
  readonly logSignalVariance: number;
  readonly logNoiseVariance: number;
  readonly a: Float64Array;
  /** M × M row-major. */
  readonly phi: Float64Array;
  /** protocol §1.7: targets are (−accuracy − mean) / sd with the training split's statistics. */
  readonly targetMean: number;
  readonly targetSd: number;
}

/** A predicted accuracy and its standard deviation (noise included), in accuracy units. */
export interface AccuracyPrediction {
  readonly accuracy: number;
  readonly sd: number;
}

/** Predicted accuracy ± sd at one latent point. */
export function predictAccuracy(state: SgpState, x: ArrayLike<number>): AccuracyPrediction {
  const { inducingCount: m, dim, z, a, phi } = state;
  if (x.length !== dim) throw new RangeError(`explorer: the GP takes ${dim}-dimensional points, got ${x.length}`);
  const sigmaF = Math.exp(state.logSignalVariance);
  const inverseEll = Array.from(state.logLengthscales, (v) => Math.exp(-v));
  const k = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let d2 = 0;
    for (let d = 0; d < dim; d++) d2 += (x[d]! - z[j * dim + d]!) ** 2 * inverseEll[d]!;
    k[j] = sigmaF * Math.exp(-0.5 * d2);
  }
  let mean = 0;
  let quad = 0;
  for (let i = 0; i < m; i++) {
    mean += k[i]! * a[i]!;
    let row = 0;
    for (let j = 0; j < m; j++) row += phi[i * m + j]! * k[j]!;
    quad += k[i]! * row;
  }
  const variance = Math.abs(sigmaF - quad) + Math.exp(state.logNoiseVariance);
  return { accuracy: -(mean * state.targetSd + state.targetMean), sd: Math.sqrt(variance) * state.targetSd };
}
