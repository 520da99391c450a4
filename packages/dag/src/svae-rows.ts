import type { Dag } from './dag.js';
import { DagError } from './errors.js';
import { ENAS_TYPE_COUNT, START_TYPE } from './vocabulary.js';

/** Options of {@link dagToSvaeRows}. */
export interface SvaeRowsOptions {
  /** `max_n`: rows are `maxVertices − 1`. Default 8. */
  readonly maxVertices?: number;
  /** `nvt`: number of vertex types. Default 8. */
  readonly typeCount?: number;
}

/**
 * DAG → the S-VAE / GraphRNN "string" tensor (protocol §1.5): `(max_n − 1) × (nvt + max_n − 1)`,
 * row-major. Row `r` describes vertex `r + 1`: the one-hot type, then in-edge bits from
 * vertices `0..max_n−2`. Missing rows of a smaller graph are zeros with the START bit set.
 */
export function dagToSvaeRows(dag: Dag, options: SvaeRowsOptions = {}): Float32Array {
  const maxN = options.maxVertices ?? 8;
  const nvt = options.typeCount ?? ENAS_TYPE_COUNT;
  const n = dag.types.length;
  if (n > maxN) throw new DagError(`@opnas/dag: graph has ${n} vertices, more than maxVertices ${maxN}`);
  const cols = nvt + maxN - 1;
  const rows = new Float32Array((maxN - 1) * cols);
  for (let r = 0; r < maxN - 1; r++) {
    const v = r + 1;
    if (v >= n) {
      rows[r * cols + START_TYPE] = 1;
      continue;
    }
    const type = dag.types[v]!;
    if (type >= nvt) throw new DagError(`@opnas/dag: vertex ${v} has type ${type}, outside 0..${nvt - 1}`);
    rows[r * cols + type] = 1;
    const mask = dag.inMasks[v]!;
    for (let k = 0; k < maxN - 1; k++) if ((mask >>> k) & 1) rows[r * cols + nvt + k] = 1;
  }
  return rows;
}
