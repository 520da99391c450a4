import type { Dag } from './dag.js';
import { ENAS_LAYERS, ENAS_OP_COUNT, dagToEnasFlat, dagToEnasLayers, enasLayersToDag } from './enas.js';
import { DagError, SearchSpaceError } from './errors.js';
import { type RandomSource, type SearchSpace, spaceParseError, tokensWithOffsets } from './search-space.js';
import { type EnasValidityRule, checkEnasValidity } from './validity.js';
import { ENAS_VOCABULARY } from './vocabulary.js';

/** The ENAS validity rules in the order the reference checks them (protocol §5.2), then the count. */
export const ENAS_RULES: readonly EnasValidityRule[] = Object.freeze([
  'acyclic',
  'one-start-one-end',
  'sources-are-start',
  'sinks-are-end',
  'backbone',
  'output-in-degree',
  'vertex-count',
]);

/** Length of {@link ENAS6}'s features: 6 layers × 6 one-hot ops + 15 skip bits. */
export const ENAS6_FEATURE_COUNT = ENAS_LAYERS * ENAS_OP_COUNT + (ENAS_LAYERS * (ENAS_LAYERS - 1)) / 2;

function parseEnas6(flat: string): Dag {
  if (typeof flat !== 'string') throw spaceParseError('enas6', 0, 'an ENAS flat string must be a string');
  const tokens = tokensWithOffsets(flat);
  const expected = (ENAS_LAYERS * (ENAS_LAYERS + 1)) / 2;
  const values: number[] = [];
  for (const token of tokens) {
    if (!/^\d+$/.test(token.text)) throw spaceParseError('enas6', token.offset, `"${token.text}" is not a non-negative integer`);
    values.push(Number(token.text));
  }
  if (values.length !== expected) {
    const at = values.length > expected ? tokens[expected]!.offset : flat.length;
    let layers = 0;
    while ((layers * (layers + 1)) / 2 < values.length) layers++;
    const problem =
      (layers * (layers + 1)) / 2 === values.length && layers > 0
        ? `the string has ${layers} layers, expected ${ENAS_LAYERS} (${expected} integers)`
        : `expected ${expected} integers (${ENAS_LAYERS} layers), found ${values.length}`;
    throw spaceParseError('enas6', at, problem);
  }
  const layers: number[][] = [];
  let k = 0;
  for (let i = 0; i < ENAS_LAYERS; i++) {
    const layer: number[] = [];
    for (let j = 0; j <= i; j++, k++) {
      const value = values[k]!;
      if (j === 0 && value >= ENAS_OP_COUNT) {
        throw spaceParseError('enas6', tokens[k]!.offset, `layer ${i}: op must be in 0..${ENAS_OP_COUNT - 1}, found ${value}`);
      }
      if (j > 0 && value > 1) throw spaceParseError('enas6', tokens[k]!.offset, `layer ${i}: skip bit ${j - 1} must be 0 or 1, found ${value}`);
      layer.push(value);
    }
    layers.push(layer);
  }
  return enasLayersToDag(layers);
}

function enas6Layers(dag: Dag, what: string): number[][] {
  let layers: number[][];
  try {
    layers = dagToEnasLayers(dag);
  } catch (error) {
    throw new SearchSpaceError(`@opnas/dag: enas6: cannot ${what}: ${(error as DagError).message}`, 'enas6');
  }
  if (layers.length !== ENAS_LAYERS) {
    throw new SearchSpaceError(`@opnas/dag: enas6: cannot ${what}: the graph has ${layers.length} layers, expected ${ENAS_LAYERS}`, 'enas6');
  }
  return layers;
}

/**
 * The ENAS-6 macro space of the paper (protocol §1): 6 layers of 6 operations with skip connections,
 * 8 vertices. Notation: the dataset's flat string of 21 integers. Validity: the reference's
 * `is_valid_ENAS` plus exactly 8 vertices (the rule BO applies, protocol §7.4). Key: the flat string
 * (vertex order is the only topological order of a valid ENAS graph, so no isomorphism test is
 * needed); the START → END graph keys as `''`, as the reference's uniqueness counts it.
 */
export const ENAS6: SearchSpace<EnasValidityRule> = Object.freeze({
  name: 'enas6',
  vocabulary: ENAS_VOCABULARY,
  maxVertices: ENAS_LAYERS + 2,
  rules: ENAS_RULES,
  featureLength: ENAS6_FEATURE_COUNT,
  parse: parseEnas6,
  format(dag: Dag): string {
    return enas6Layers(dag, 'format')
      .map((layer) => layer.join(' '))
      .join(' ');
  },
  check(dag: Dag) {
    return checkEnasValidity(dag, { vertexCount: ENAS_LAYERS + 2 });
  },
  key(dag: Dag): string {
    if (dag.types.length < 3) return '';
    try {
      return dagToEnasFlat(dag);
    } catch (error) {
      throw new SearchSpaceError(`@opnas/dag: enas6: cannot key: ${(error as DagError).message}`, 'enas6');
    }
  },
  sample(random: RandomSource): Dag {
    const layers: number[][] = [];
    for (let i = 0; i < ENAS_LAYERS; i++) {
      const layer = [random.randbelow(ENAS_OP_COUNT)];
      for (let j = 0; j < i; j++) layer.push(random.randbelow(2));
      layers.push(layer);
    }
    return enasLayersToDag(layers);
  },
  features(dag: Dag): Float64Array {
    const layers = enas6Layers(dag, 'encode');
    const out = new Float64Array(ENAS6_FEATURE_COUNT);
    let bit = ENAS_LAYERS * ENAS_OP_COUNT;
    layers.forEach((layer, i) => {
      out[i * ENAS_OP_COUNT + layer[0]!] = 1;
      for (let j = 1; j < layer.length; j++) out[bit++] = layer[j]!;
    });
    return out;
  },
});
