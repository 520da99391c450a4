/** Options of `Adam`; defaults are the SGP's training settings (protocol §6.6). */
export interface AdamOptions {
  /** Default 5e-4. */
  readonly learningRate?: number;
  /** Default 0.9. */
  readonly beta1?: number;
  /** Default 0.999. */
  readonly beta2?: number;
  /** Default 1e-8. */
  readonly epsilon?: number;
}

/** Adam's moment estimates and step counter, for checkpoints. */
export interface AdamState {
  readonly m: Float64Array;
  readonly v: Float64Array;
  /** Steps taken so far (the bias correction of the next step uses step + 1). */
  readonly step: number;
}

/**
 * Adam over one flat parameter vector, minimising: θ ← θ − lr·m̂/(√v̂ + ε) with the
 * bias-correction counter starting at 1 on the first step (protocol §6.6, the reference's
 * `adam_theano`).
 */
export class Adam {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private m: Float64Array;
  private v: Float64Array;
  private t = 0;

  constructor(size: number, options: AdamOptions = {}) {
    this.learningRate = options.learningRate ?? 5e-4;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** One step on `values` given the gradient of the loss to minimise. */
  step(values: Float64Array, lossGradient: Float64Array): void {
    this.t += 1;
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    const lr = this.learningRate;
    const m = this.m;
    const v = this.v;
    for (let i = 0; i < values.length; i++) {
      const g = lossGradient[i]!;
      const mi = b1 * m[i]! + (1 - b1) * g;
      const vi = b2 * v[i]! + (1 - b2) * g * g;
      m[i] = mi;
      v[i] = vi;
      values[i]! -= (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
    }
  }

  getState(): AdamState {
    return { m: Float64Array.from(this.m), v: Float64Array.from(this.v), step: this.t };
  }

  setState(state: AdamState): void {
    if (state.m.length !== this.m.length || state.v.length !== this.v.length) {
      throw new RangeError(`@opnas/sgp: Adam state has ${state.m.length} moments, expected ${this.m.length}`);
    }
    this.m = Float64Array.from(state.m);
    this.v = Float64Array.from(state.v);
    this.t = state.step;
  }
}
