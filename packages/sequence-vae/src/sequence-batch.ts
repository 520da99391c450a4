import { dagToSvaeRows } from '@opnas/dag';
import type { Dag } from '@opnas/dag';
import { checkGraphs } from '@opnas/encoders';

/** Sizes of a {@link sequenceBatch}. */
export interface SequenceBatchOptions {
  /** `max_n`. Default 8. */
  readonly maxVertices?: number;
  /** `nvt`. Default 8. */
  readonly typeCount?: number;
}

/**
 * A batch of graphs in the S-VAE / GraphRNN tensor format (protocol §1.5), time-major: row
 * `t·B + b` is row `t` (vertex `t + 1`) of graph `b`.
 */
export interface SequenceBatch {
  /** `B`. */
  readonly graphs: number;
  /** `T = max_n − 1` rows per graph. */
  readonly steps: number;
  /** `xs = nvt + max_n − 1` columns per row. */
  readonly width: number;
  /** `T·B × xs`: the one-hot type, then the in-edge bits from vertices `0..T−1`. */
  readonly rows: Float32Array;
  /** `T·B` type ids (the reference's `argmax` of the one-hot part). */
  readonly types: Int32Array;
  /** `T·B × T` in-edge bits (the reference's `G_true[:, :, nvt:]`). */
  readonly bits: Float32Array;
}

/**
 * Converts graphs to a {@link SequenceBatch} with `dagToSvaeRows`: graphs with fewer than
 * `max_n` vertices get the reference's padding rows (START type, no edges), which the loss
 * then asks the model to predict, as the reference does.
 *
 * @throws {EncoderError} (from `checkGraphs`) for an empty batch, too many vertices, unknown
 *   types or edges against the vertex order.
 */
export function sequenceBatch(graphs: readonly Dag[], options: SequenceBatchOptions = {}): SequenceBatch {
  const maxVertices = options.maxVertices ?? 8;
  const typeCount = options.typeCount ?? 8;
  checkGraphs(graphs, { maxVertices, typeCount }, '@opnas/sequence-vae');
  const b = graphs.length;
  const steps = maxVertices - 1;
  const width = typeCount + steps;
  const rows = new Float32Array(steps * b * width);
  const types = new Int32Array(steps * b);
  const bits = new Float32Array(steps * b * steps);
  graphs.forEach((g, i) => {
    const tensor = dagToSvaeRows(g, { maxVertices, typeCount });
    for (let t = 0; t < steps; t++) {
      const row = tensor.subarray(t * width, (t + 1) * width);
      const r = t * b + i;
      rows.set(row, r * width);
      types[r] = row.subarray(0, typeCount).indexOf(1);
      bits.set(row.subarray(typeCount), r * steps);
    }
  });
  return { graphs: b, steps, width, rows, types, bits };
}
