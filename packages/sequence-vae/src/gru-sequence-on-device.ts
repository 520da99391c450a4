import type { GruCell } from '@opnas/encoders';
import { tf } from '@opnas/runtime';
import type { Tensor2D } from '@opnas/runtime';

/**
 * {@link gruSequence} as `T` steps of `GruCell.step`, for device backends (`webgpu`,
 * `tensorflow`): the CPU path's loops read every step's tensors back, which `webgpu` cannot do
 * synchronously, and tfjs differentiates the composition. `inputRows` (validated by the caller)
 * gives the row of `inputGates` each (step, sequence) reads.
 */
export function gruSequenceOnDevice(inputGates: Tensor2D, cell: GruCell, steps: number, rows: number, inputRows: Int32Array, initialHidden: Tensor2D | undefined): Tensor2D {
  return tf.tidy(() => {
    const all = tf.tensor1d(inputRows, 'int32');
    const states: Tensor2D[] = [];
    let hidden: Tensor2D | null = initialHidden ?? null;
    for (let t = 0; t < steps; t++) {
      const gates = tf.gather(inputGates, tf.slice(all, [t * rows], [rows])) as Tensor2D;
      hidden = cell.step(gates, hidden);
      states.push(hidden);
    }
    return tf.concat(states, 0) as Tensor2D;
  });
}
