import { DagError } from './errors.js';

/**
 * The set of vertex types of a search space. Type ids are indices into `names`;
 * `start` and `end` are the ids of the input and output vertices.
 */
export interface OperationVocabulary {
  /** Short names by type id, e.g. `conv3`. */
  readonly names: readonly string[];
  /** Human-readable labels by type id, e.g. `conv 3×3`. */
  readonly labels: readonly string[];
  /** Type id of the input (START) vertex. */
  readonly start: number;
  /** Type id of the output (END) vertex. */
  readonly end: number;
}

/** Options of {@link defineVocabulary}. */
export interface VocabularyDefinition {
  readonly names: readonly string[];
  /** Defaults to `names`. */
  readonly labels?: readonly string[];
  readonly start: number;
  readonly end: number;
}

/** Build a vocabulary, checking that names are distinct and START/END are valid, distinct ids. */
export function defineVocabulary(definition: VocabularyDefinition): OperationVocabulary {
  const { names, start, end } = definition;
  const labels = definition.labels ?? names;
  if (names.length < 2) throw new DagError('@opnas/dag: a vocabulary needs at least START and END');
  if (new Set(names).size !== names.length) throw new DagError('@opnas/dag: vocabulary names must be distinct');
  if (labels.length !== names.length) {
    throw new DagError(`@opnas/dag: vocabulary has ${names.length} names but ${labels.length} labels`);
  }
  for (const [field, id] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (!Number.isInteger(id) || id < 0 || id >= names.length) {
      throw new DagError(`@opnas/dag: vocabulary ${field} must be a type id in 0..${names.length - 1}, got ${id}`);
    }
  }
  if (start === end) throw new DagError('@opnas/dag: vocabulary start and end must differ');
  return Object.freeze({ names: Object.freeze([...names]), labels: Object.freeze([...labels]), start, end });
}

/**
 * The ENAS macro search space (protocol §1.3): type 0 input, 1 output, then the six ENAS branches
 * in the order of the ENAS child (`op + 2`): conv3, sep3, conv5, sep5, avg3, max3.
 */
export const ENAS_VOCABULARY: OperationVocabulary = defineVocabulary({
  names: ['input', 'output', 'conv3', 'sep3', 'conv5', 'sep5', 'avg3', 'max3'],
  labels: ['input', 'output', 'conv 3×3', 'sep conv 3×3', 'conv 5×5', 'sep conv 5×5', 'avg pool 3×3', 'max pool 3×3'],
  start: 0,
  end: 1,
});

/** Type id of the ENAS START vertex. */
export const START_TYPE = 0;
/** Type id of the ENAS END vertex. */
export const END_TYPE = 1;
/** Number of vertex types in ENAS (`nvt`). */
export const ENAS_TYPE_COUNT = 8;
