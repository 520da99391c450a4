import type { Dag } from '@opnas/dag';
import { EncoderError } from './errors.js';

/** Limits a batch of graphs must respect. */
export interface GraphLimits {
  readonly maxVertices: number;
  readonly typeCount: number;
}

/**
 * Checks a batch for a D-VAE style model: at least one graph, 1..maxVertices vertices each,
 * type ids in range, and every edge `u → v` with `u < v` (the models process vertices in index
 * order, which must therefore be topological).
 *
 * @throws {EncoderError} naming the graph, vertex or edge.
 */
export function checkGraphs(graphs: readonly Dag[], limits: GraphLimits, source = '@opnas/encoders'): void {
  if (graphs.length === 0) throw new EncoderError(`${source}: graphs must not be empty`);
  graphs.forEach((g, b) => {
    const n = g.types.length;
    if (n < 1 || n > limits.maxVertices) {
      throw new EncoderError(`${source}: graphs[${b}] has ${n} vertices; this model takes 1..${limits.maxVertices}`);
    }
    g.types.forEach((t, v) => {
      if (!Number.isInteger(t) || t < 0 || t >= limits.typeCount) {
        throw new EncoderError(`${source}: graphs[${b}] vertex ${v} has type ${t}; this model takes 0..${limits.typeCount - 1}`);
      }
    });
    g.inMasks.forEach((mask, v) => {
      if (mask >>> v !== 0) {
        const u = 31 - Math.clz32(mask >>> 0);
        throw new EncoderError(`${source}: graphs[${b}] has the edge ${u}→${v} against the vertex order; vertices must be numbered in topological order`);
      }
    });
  });
}
