import { GruCell } from '@opnas/encoders';
import { sameLayoutParameter, transposedParameter } from '@opnas/runtime';
import type { ReferenceParameter, Tensor2D, Variable } from '@opnas/runtime';
import { gruSequence } from './gru-sequence.js';
import type { GruSequenceOptions } from './gru-sequence.js';

/**
 * One direction of one layer of PyTorch's `nn.GRU(input, hidden, batch_first=True)`: the same
 * equations as `GruCell` (protocol §2.1), run over whole sequences with {@link gruSequence}, and
 * PyTorch's `nn.GRU` parameter names (`weight_ih_l0`, … and `…_l0_reverse` for the backward
 * direction of a bidirectional GRU).
 */
export class GruLayer {
  readonly cell: GruCell;
  /** `true` for the backward direction of a bidirectional `nn.GRU` (names end in `_reverse`). */
  readonly reverse: boolean;

  constructor(inputSize: number, hiddenSize: number, options: { readonly reverse?: boolean } = {}) {
    this.cell = new GruCell(inputSize, hiddenSize);
    this.reverse = options.reverse ?? false;
  }

  get inputSize(): number {
    return this.cell.inputSize;
  }

  get hiddenSize(): number {
    return this.cell.hiddenSize;
  }

  /**
   * All hidden states (`T·R × H`, time-major) for inputs `x` (`T·R × input`, time-major, or one
   * `R × input` block fed at every step with `repeatInput`).
   */
  run(x: Tensor2D, options: GruSequenceOptions): Tensor2D {
    return gruSequence(this.cell.inputGates(x), this.cell, options);
  }

  variables(): Variable[] {
    return this.cell.variables();
  }

  /**
   * `<prefix>.weight_ih_l0` (`3H × input`), `.weight_hh_l0` (`3H × H`), `.bias_ih_l0`,
   * `.bias_hh_l0` (gate blocks [r; u; n]), with `_reverse` appended for the backward direction;
   * all ~ U(−1/√H, 1/√H) as PyTorch initialises them.
   */
  referenceParameters(prefix: string): ReferenceParameter[] {
    const suffix = this.reverse ? '_l0_reverse' : '_l0';
    const init = { kind: 'uniform', bound: 1 / Math.sqrt(this.cell.hiddenSize) } as const;
    return [
      transposedParameter(`${prefix}.weight_ih${suffix}`, this.cell.weightIh, init),
      transposedParameter(`${prefix}.weight_hh${suffix}`, this.cell.weightHh, init),
      sameLayoutParameter(`${prefix}.bias_ih${suffix}`, this.cell.biasIh, init),
      sameLayoutParameter(`${prefix}.bias_hh${suffix}`, this.cell.biasHh, init),
    ];
  }

  dispose(): void {
    this.cell.dispose();
  }
}
