import { type Dag, createDag } from './dag.js';
import { DagError } from './errors.js';
import { END_TYPE, START_TYPE } from './vocabulary.js';

/**
 * An ENAS macro architecture as the dataset writes it (protocol §1.1): layer `i` is
 * `[op_i, b_0, …, b_{i-1}]`, where skip bit `b_j` connects vertex `j` (0 = input) to layer `i`.
 */
export type EnasLayers = readonly (readonly number[])[];

/** Options shared by the ENAS converters. */
export interface EnasOptions {
  /** Number of ENAS operations (branches); ops are `0..opCount-1`. Default 6. */
  readonly opCount?: number;
}

/** Number of ENAS operations in the macro space (conv3, sep3, conv5, sep5, avg3, max3). */
export const ENAS_OP_COUNT = 6;

/** Number of layers of an ENAS-6 architecture. */
export const ENAS_LAYERS = 6;

/**
 * Check an ENAS nested list: layer `i` must have `i + 1` integers, an op in `0..opCount-1`
 * and 0/1 skip bits. Returns a description of the first problem, or null.
 */
export function enasLayersProblem(layers: unknown, options: EnasOptions = {}): string | null {
  const opCount = options.opCount ?? ENAS_OP_COUNT;
  if (!Array.isArray(layers)) return 'expected a list of layers';
  if (layers.length === 0) return 'expected at least one layer';
  if (layers.length > 30) return `at most 30 layers fit in a DAG of 32 vertices, got ${layers.length}`;
  for (let i = 0; i < layers.length; i++) {
    const layer: unknown = layers[i];
    if (!Array.isArray(layer)) return `layer ${i} is not a list`;
    if (layer.length !== i + 1) return `layer ${i} must have ${i + 1} entries (op + ${i} skip bits), found ${layer.length}`;
    const op: unknown = layer[0];
    if (typeof op !== 'number' || !Number.isInteger(op) || op < 0 || op >= opCount) {
      return `layer ${i}: op must be an integer in 0..${opCount - 1}, found ${String(op)}`;
    }
    for (let j = 1; j < layer.length; j++) {
      const bit: unknown = layer[j];
      if (bit !== 0 && bit !== 1) return `layer ${i}: skip bit ${j - 1} must be 0 or 1, found ${String(bit)}`;
    }
  }
  return null;
}

/**
 * ENAS nested list → DAG (protocol §1.3): vertex 0 is the input, vertex `i+1` layer `i` with type
 * `op + 2`, vertex `n+1` the output; backbone edges `i → i+1`, skip edges `j → i+1`, and `n → n+1`.
 */
export function enasLayersToDag(layers: EnasLayers, options: EnasOptions = {}): Dag {
  const problem = enasLayersProblem(layers, options);
  if (problem) throw new DagError(`@opnas/dag: invalid ENAS layers: ${problem}`);
  const n = layers.length;
  const types = [START_TYPE];
  const masks = [0];
  for (let i = 0; i < n; i++) {
    const layer = layers[i]!;
    types.push(layer[0]! + 2);
    let mask = 1 << i; // the backbone edge from the previous layer (or the input)
    for (let j = 0; j < i; j++) if (layer[j + 1] === 1) mask |= 1 << j;
    masks.push(mask >>> 0);
  }
  types.push(END_TYPE);
  masks.push((1 << n) >>> 0);
  return createDag(types, masks);
}

/**
 * DAG → ENAS nested list, as the reference's `decode_igraph_to_ENAS` (protocol §1.4): for vertex
 * `i = 1 … n−2`, the op `type_i − 2` and bits `j = 0 … i−2` (edge `j → i`). Backbone edges and
 * edges into the output are not encoded, so graphs that differ only there share a string.
 * Works for any vertex count ≥ 3; a middle vertex whose type is not an operation is an error.
 */
export function dagToEnasLayers(dag: Dag, options: EnasOptions = {}): number[][] {
  const opCount = options.opCount ?? ENAS_OP_COUNT;
  const n = dag.types.length;
  if (n < 3) throw new DagError(`@opnas/dag: an ENAS architecture needs at least 3 vertices, got ${n}`);
  const layers: number[][] = [];
  for (let i = 1; i <= n - 2; i++) {
    const op = dag.types[i]! - 2;
    if (op < 0 || op >= opCount) {
      throw new DagError(`@opnas/dag: vertex ${i} has type ${dag.types[i]}, which is not an ENAS operation (2..${opCount + 1})`);
    }
    const layer = [op];
    const mask = dag.inMasks[i]!;
    for (let j = 0; j <= i - 2; j++) layer.push((mask >>> j) & 1);
    layers.push(layer);
  }
  return layers;
}

/** Nested list → flat string: all entries joined by single spaces (21 integers for 6 layers). */
export function enasLayersToFlat(layers: EnasLayers, options: EnasOptions = {}): string {
  const problem = enasLayersProblem(layers, options);
  if (problem) throw new DagError(`@opnas/dag: invalid ENAS layers: ${problem}`);
  return layers.map((layer) => layer.join(' ')).join(' ');
}

/**
 * Flat string → nested list (`flat_ENAS_to_nested`): whitespace-separated integers, split into
 * chunks of 1, 2, …, n. The count must be a triangular number.
 */
export function enasFlatToLayers(flat: string, options: EnasOptions = {}): number[][] {
  if (typeof flat !== 'string') throw new DagError('@opnas/dag: an ENAS flat string must be a string');
  const tokens = flat
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0);
  const values = tokens.map((token, k) => {
    if (!/^-?\d+$/.test(token)) throw new DagError(`@opnas/dag: ENAS flat string: token ${k + 1} ("${token}") is not an integer`);
    return Number(token);
  });
  let n = 0;
  while ((n * (n + 1)) / 2 < values.length) n++;
  if ((n * (n + 1)) / 2 !== values.length || n === 0) {
    throw new DagError(`@opnas/dag: ENAS flat string has ${values.length} integers; expected a triangular count (21 for 6 layers)`);
  }
  const layers: number[][] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    layers.push(values.slice(at, at + i + 1));
    at += i + 1;
  }
  const problem = enasLayersProblem(layers, options);
  if (problem) throw new DagError(`@opnas/dag: ENAS flat string: ${problem}`);
  return layers;
}

/** Flat string → DAG. */
export function enasFlatToDag(flat: string, options: EnasOptions = {}): Dag {
  return enasLayersToDag(enasFlatToLayers(flat, options), options);
}

/** DAG → flat string, as the reference's `decode_igraph_to_ENAS` joined with spaces. */
export function dagToEnasFlat(dag: Dag, options: EnasOptions = {}): string {
  return dagToEnasLayers(dag, options)
    .map((layer) => layer.join(' '))
    .join(' ');
}
