import { createHash } from 'node:crypto';
import type { Dag, SearchSpace } from '@opnas/dag';
import type { EnasDataset, EnasRecord } from '@opnas/enas-data';
import { PythonRandom } from '@opnas/rng';
import { enumerateNb201, readLabelsFile, sampleDistinct, searchSpace } from '@opnas/spaces';
import { CliError } from './output.js';

/** The search spaces `--space` accepts. */
export const SPACE_NAMES = ['enas6', 'nb101', 'nb201'] as const;
export type SpaceName = (typeof SPACE_NAMES)[number];

/** Default number of sampled NB101 cells (`--cells`). */
export const DEFAULT_NB101_CELLS = 10_000;

/** What a run records about generated data, to rebuild the same cells on resume and eval. */
export interface SpaceSource {
  readonly space: Exclude<SpaceName, 'enas6'>;
  /** Sampled NB101 cells (seed 0); NB201 uses all 15,625. */
  readonly cells?: number;
  /** A labels file: the cells are its architectures, with its labels as accuracies. */
  readonly labels?: string;
}

/**
 * The architectures of a benchmark space as a dataset shaped like the ENAS one, so training,
 * latents and evaluation take it unchanged: NB201's 15,625 cells, `cells` distinct NB101 cells
 * from the nasbench sampler (seed 0), or the cells of a labels file. Split 90 / 10 after a
 * `random.Random(0)` shuffle, as the ENAS data (protocol §1.6). Unlabelled records have accuracy NaN.
 */
export async function loadSpaceDataset(source: SpaceSource): Promise<EnasDataset> {
  const space = searchSpace(source.space);
  let dags: Dag[];
  let accuracy: number[] | undefined;
  if (source.labels !== undefined) {
    const labelled = await readLabelsFile(source.labels, space).catch((error: unknown) => {
      throw new CliError(`--labels: ${(error as Error).message}`, 2);
    });
    dags = [...labelled.architectures];
    accuracy = [...labelled.labels];
  } else if (source.space === 'nb201') {
    dags = enumerateNb201();
  } else {
    dags = sampleDistinct(space, source.cells ?? DEFAULT_NB101_CELLS, new PythonRandom(0));
  }
  if (dags.length < 2) throw new CliError(`${source.space}: need at least 2 architectures to split, got ${dags.length}`, 2);
  const records: EnasRecord[] = dags.map((dag, i) => ({ line: i + 1, index: i, dag, flat: space.format(dag), accuracy: accuracy?.[i] ?? Number.NaN }));
  const order = new PythonRandom(0).shuffle(records.map((_, i) => i));
  const testCount = Math.max(1, Math.round(records.length / 10));
  const hash = createHash('sha256');
  for (const r of records) hash.update(`${space.key(r.dag)}\n`);
  return {
    path: source.labels ?? `<${source.space}${source.space === 'nb101' ? ` ${source.cells ?? DEFAULT_NB101_CELLS} sampled cells` : ' cells'}>`,
    sha256: hash.digest('hex'),
    records,
    graphs: records,
    train: order.slice(testCount).map((i) => records[i]!),
    test: order.slice(0, testCount).map((i) => records[i]!),
    burnIn: 0,
  };
}

/** The space a run was trained on, from its recorded data source (ENAS-6 when none is recorded). */
export function runSpace(source: Readonly<Record<string, string | number>>): SearchSpace {
  const name = source['space'];
  return searchSpace(typeof name === 'string' ? name : 'enas6');
}

/** The generated-data description recorded in a run's data source, or null for ENAS data. */
export function recordedSpaceSource(source: Readonly<Record<string, string | number>>): SpaceSource | null {
  const space = source['space'];
  if (space !== 'nb101' && space !== 'nb201') return null;
  return {
    space,
    ...(typeof source['cells'] === 'number' ? { cells: source['cells'] } : {}),
    ...(typeof source['labels'] === 'string' ? { labels: source['labels'] } : {}),
  };
}
