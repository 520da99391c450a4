import { PythonRandom } from '@opnas/rng';
import { type BatchSelection, type BatchSelectionOptions, checkSelectionOptions, toSurface, uniformGrid } from './batched-greedy-ei.js';
import { CandidateSet } from './candidate-set.js';
import { BayesOptNumericalError } from './errors.js';
import type { GpSurface, SparseGpPosterior } from './gp-surface.js';
import { type LbfgsbStatus, lbfgsb } from '@opnas/lbfgsb';
import { type SearchBox, checkBox } from './search-box.js';
import { ShrunkVariance } from './shrunk-variance.js';

/**
 * Draws functions from the sparse GP's posterior through its inducing outputs: with
 * u ~ N(m, S) the posterior of f(Z), the sample is f̃(x) = k_x K⁻¹u, i.e. f̃(x) = k_x·w with
 * w ~ N(a, K⁻¹SK⁻¹) = N(a, K⁻¹ − Φ) (protocol §6.4: A = K⁻¹SK⁻¹ − K⁻¹ = −Φ). This is the usual
 * sparse-GP Thompson sample; it leaves out the prior's residual σ_f − k_xK⁻¹k_xᵀ, so samples are
 * smooth, have closed-form gradients and can be optimised by L-BFGS-B.
 */
export class PosteriorFunctionSampler {
  private readonly chol: Float64Array;
  private readonly m: number;

  constructor(readonly surface: GpSurface) {
    const m = surface.inducingCount;
    this.m = m;
    // K⁻¹ from the Cholesky factor of k(Z, Z) + jitter (the same factor the shrunk variance uses)
    const factor = new ShrunkVariance(surface, m);
    const kinv = new Float64Array(m * m);
    const col = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      col.fill(0);
      col[j] = 1;
      factor.forwardSolve(col);
      factor.backwardSolve(col);
      for (let i = 0; i < m; i++) kinv[i * m + j] = col[i]!;
    }
    const phi = surface.posterior.varianceWeights;
    const c = new Float64Array(m * m);
    let maxDiag = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) c[i * m + j] = 0.5 * (kinv[i * m + j]! + kinv[j * m + i]!) - 0.5 * (phi[i * m + j]! + phi[j * m + i]!);
      maxDiag = Math.max(maxDiag, c[i * m + i]!);
    }
    // K⁻¹SK⁻¹ is positive semi-definite but often numerically singular: add the smallest jitter
    // (from 1e-12 of the largest diagonal, ×10 per try) that lets the factorisation through
    let jitter = 1e-12 * Math.max(maxDiag, 1e-300);
    for (let attempt = 0; attempt < 12; attempt++, jitter *= 10) {
      const l = cholesky(c, m, jitter);
      if (l) {
        this.chol = l;
        return;
      }
    }
    throw new BayesOptNumericalError('@opnas/bayesopt: the posterior covariance of the inducing weights K⁻¹ − Φ is not positive semi-definite');
  }

  /** One sample of the weights w (f̃(x) = k_x·w). */
  sample(random: PythonRandom): Float64Array {
    const m = this.m;
    const e = Float64Array.from({ length: m }, () => random.gauss());
    const w = Float64Array.from(this.surface.posterior.meanWeights);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s += this.chol[i * m + j]! * e[j]!;
      w[i]! += s;
    }
    return w;
  }
}

function cholesky(a: Float64Array, n: number, jitter: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]! + jitter;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! ** 2;
    if (!(d > 0)) return null;
    const r = Math.sqrt(d);
    l[j * n + j] = r;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / r;
    }
  }
  return l;
}

/**
 * Batch Thompson sampling (an option beside the reference's EI): for each of the q points draw
 * an independent posterior function sample (see {@link PosteriorFunctionSampler}), take its
 * arg-min on the same uniform grid, and refine it with L-BFGS-B in the box. `values` holds each
 * sample's minimum.
 */
export function batchedThompsonSampling(
  posterior: SparseGpPosterior | GpSurface,
  box: SearchBox,
  options: Omit<BatchSelectionOptions, 'acquisition' | 'kappa' | 'tail'> = {},
): BatchSelection {
  const surface = toSurface(posterior);
  checkBox(box, surface.dim);
  const { q, n, maxIterations } = checkSelectionOptions(options);
  const random = options.random ?? new PythonRandom(options.seed ?? 1);
  const grid = uniformGrid(box, n, random);
  const set = new CandidateSet(surface, grid, n, 0);
  const sampler = new PosteriorFunctionSampler(surface);
  const z = surface.posterior.inducing;
  const m = surface.inducingCount;
  const points: Float64Array[] = [];
  const values: number[] = [];
  const optimiser: LbfgsbStatus[] = [];
  const k = new Float64Array(m);
  for (let p = 0; p < q; p++) {
    const w = sampler.sample(random);
    const onGrid = set.crossTimes(w);
    let best = 0;
    for (let i = 1; i < n; i++) if (onGrid[i]! < onGrid[best]!) best = i;
    const run = lbfgsb(
      (x, g) => {
        surface.kernelRow(x, z, m, k);
        let f = 0;
        for (let j = 0; j < m; j++) f += k[j]! * w[j]!;
        g.fill(0);
        surface.accumulateKernelGradient(x, z, m, k, w, g);
        return f;
      },
      set.row(best),
      { lower: box.lower, upper: box.upper, maxIterations },
    );
    points.push(run.x);
    values.push(run.f);
    optimiser.push(run.status);
    options.onProgress?.({ point: p + 1, of: q });
  }
  return { points, incumbent: Number.NaN, values, optimiser };
}
