import { positiveInteger } from '@opnas/errors';
import { SgpArgumentError, invalidArgument } from './errors.js';

/**
 * All trainable parameters of the sparse GP (protocol §6.3), stored in one flat Float64Array so
 * that Adam, gradients and checkpoints handle them as one vector. Layout, in order:
 * Z (M×D row-major) · m̂ (M) · L (M×M row-major, full) · lls (D) · lsf · lvar_noise.
 *
 * The accessors return live views: writing into `parameters.z` changes `parameters.values`.
 */
export class SgpParameters {
  readonly values: Float64Array;

  /**
   * @param inducingCount M, the number of inducing inputs.
   * @param dim D, the input dimension.
   * @param values Optional flat values to adopt (not copied); zeros when omitted.
   */
  constructor(
    readonly inducingCount: number,
    readonly dim: number,
    values?: Float64Array,
  ) {
    positiveInteger(inducingCount, 'inducingCount', invalidArgument);
    positiveInteger(dim, 'dim', invalidArgument);
    const size = SgpParameters.size(inducingCount, dim);
    if (values && values.length !== size) {
      throw new SgpArgumentError(`@opnas/sgp: values has ${values.length} entries but M = ${inducingCount}, D = ${dim} needs ${size}`, 'values');
    }
    this.values = values ?? new Float64Array(size);
  }

  /** Number of scalars for M inducing inputs in D dimensions: M·D + M + M² + D + 2. */
  static size(inducingCount: number, dim: number): number {
    return inducingCount * dim + inducingCount + inducingCount * inducingCount + dim + 2;
  }

  private get offsetMHat(): number {
    return this.inducingCount * this.dim;
  }
  private get offsetL(): number {
    return this.offsetMHat + this.inducingCount;
  }
  private get offsetLls(): number {
    return this.offsetL + this.inducingCount * this.inducingCount;
  }
  private get offsetLsf(): number {
    return this.offsetLls + this.dim;
  }

  /** Z, the inducing inputs, M×D row-major. */
  get z(): Float64Array {
    return this.values.subarray(0, this.offsetMHat);
  }
  /** m̂ (`mParamPost`), the site mean parameter, length M. */
  get mHat(): Float64Array {
    return this.values.subarray(this.offsetMHat, this.offsetL);
  }
  /** L (`LParamPost`), the full (not triangular) site precision factor, M×M row-major. */
  get l(): Float64Array {
    return this.values.subarray(this.offsetL, this.offsetLls);
  }
  /** lls, log squared lengthscales, length D. */
  get logLengthscales(): Float64Array {
    return this.values.subarray(this.offsetLls, this.offsetLsf);
  }
  /** lsf, the log signal variance (σ_f = exp(lsf) is a variance). */
  get logSignalVariance(): number {
    return this.values[this.offsetLsf]!;
  }
  set logSignalVariance(value: number) {
    this.values[this.offsetLsf] = value;
  }
  /** lvar_noise, the log noise variance. */
  get logNoiseVariance(): number {
    return this.values[this.offsetLsf + 1]!;
  }
  set logNoiseVariance(value: number) {
    this.values[this.offsetLsf + 1] = value;
  }

  /** A deep copy. */
  clone(): SgpParameters {
    return new SgpParameters(this.inducingCount, this.dim, Float64Array.from(this.values));
  }
}
