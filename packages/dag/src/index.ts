export { DagError, SearchSpaceError, SpaceParseError } from './errors.js';
export { ENAS_TYPE_COUNT, ENAS_VOCABULARY, END_TYPE, START_TYPE, defineVocabulary } from './vocabulary.js';
export type { OperationVocabulary, VocabularyDefinition } from './vocabulary.js';
export {
  MAX_VERTICES,
  createDag,
  dagFromEdges,
  edgeCount,
  edgeList,
  hasEdge,
  inDegrees,
  maskToList,
  outDegrees,
  popcount,
  predecessors,
  successors,
  vertexCount,
} from './dag.js';
export type { Dag, Edge } from './dag.js';
export {
  ENAS_LAYERS,
  ENAS_OP_COUNT,
  dagToEnasFlat,
  dagToEnasLayers,
  enasFlatToDag,
  enasFlatToLayers,
  enasLayersProblem,
  enasLayersToDag,
  enasLayersToFlat,
} from './enas.js';
export type { EnasLayers, EnasOptions } from './enas.js';
export { dagToSvaeRows } from './svae-rows.js';
export type { SvaeRowsOptions } from './svae-rows.js';
export { checkEnasValidity, isAcyclic, isValidEnas } from './validity.js';
export type { EnasValidity, EnasValidityOptions, EnasValidityRule } from './validity.js';
export { dagKey, isSameDag } from './same-dag.js';
export { layeredLayout } from './layout.js';
export type { LayeredLayout } from './layout.js';
export { toDot } from './dot.js';
export type { DotOptions } from './dot.js';
export { toSvg } from './svg.js';
export type { SvgOptions } from './svg.js';
export { isValidIn, spaceParseError, tokensWithOffsets } from './search-space.js';
export type { RandomSource, SearchSpace, SpaceValidity } from './search-space.js';
export { ENAS6, ENAS6_FEATURE_COUNT, ENAS_RULES } from './enas6.js';
export { oneHotAdjacency, oneHotAdjacencyLength } from './one-hot-adjacency.js';
export type { OneHotAdjacencyOptions } from './one-hot-adjacency.js';
