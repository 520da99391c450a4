import { sameLayoutParameter, tf, transposedParameter, zerosVariable } from '@opnas/runtime';
import type { ReferenceParameter, Tensor2D, Variable } from '@opnas/runtime';
import { checkSizes } from './check-sizes.js';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Add a bias. Default `true`. */
  readonly bias?: boolean;
}

/**
 * PyTorch's `nn.Linear(in, out)`: `y = x·W + b`, with `W` held as `in × out` so the forward
 * product needs no transpose (the reference stores `out × in`; see `referenceParameters`).
 * Starts at zero; draw PyTorch's initial values with `initialiseParameters`.
 */
export class Linear {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** `in × out`. */
  readonly weight: Variable;
  /** `out`, or `null` without bias. */
  readonly bias: Variable | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    checkSizes('Linear', { inFeatures, outFeatures });
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = zerosVariable([inFeatures, outFeatures]);
    this.bias = options.bias === false ? null : zerosVariable([outFeatures]);
  }

  /** `x·W + b` (optionally followed by ReLU) for `x` of shape `rows × in`. */
  apply(x: Tensor2D, activation: 'linear' | 'relu' = 'linear'): Tensor2D {
    return tf.fused.matMul({ a: x, b: this.weight as Tensor2D, ...(this.bias === null ? {} : { bias: this.bias }), activation }) as Tensor2D;
  }

  variables(): Variable[] {
    return this.bias === null ? [this.weight] : [this.weight, this.bias];
  }

  /** `<prefix>.weight` (`out × in`) and `<prefix>.bias`, both ~ U(−1/√in, 1/√in). */
  referenceParameters(prefix: string): ReferenceParameter[] {
    const init = { kind: 'uniform', bound: 1 / Math.sqrt(this.inFeatures) } as const;
    const params = [transposedParameter(`${prefix}.weight`, this.weight, init)];
    if (this.bias !== null) params.push(sameLayoutParameter(`${prefix}.bias`, this.bias, init));
    return params;
  }

  dispose(): void {
    tf.dispose(this.variables());
  }
}
