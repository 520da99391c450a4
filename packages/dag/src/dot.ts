import { type Dag, edgeList } from './dag.js';
import { ENAS_VOCABULARY, type OperationVocabulary } from './vocabulary.js';

/** Options of {@link toDot}. */
export interface DotOptions {
  /** Names the vertex types. Default {@link ENAS_VOCABULARY}. */
  readonly vocabulary?: OperationVocabulary;
  /** Graph name. Default `architecture`. */
  readonly name?: string;
}

const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Graphviz DOT source for a DAG, top to bottom, one node per vertex labelled with its operation. */
export function toDot(dag: Dag, options: DotOptions = {}): string {
  const vocabulary = options.vocabulary ?? ENAS_VOCABULARY;
  const lines = [`digraph ${quote(options.name ?? 'architecture')} {`, '  rankdir=TB;', '  node [shape=box, style="rounded,filled", fontname="Helvetica"];'];
  dag.types.forEach((type, v) => {
    const label = vocabulary.labels[type] ?? `type ${type}`;
    const fill = type === vocabulary.start || type === vocabulary.end ? '#e8e8e8' : '#dbe9f6';
    lines.push(`  v${v} [label=${quote(label)}, fillcolor=${quote(fill)}];`);
  });
  for (const [from, to] of edgeList(dag)) lines.push(`  v${from} -> v${to};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
