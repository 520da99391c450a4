import { type Dag, enasLayersToDag, enasLayersToFlat } from '@opnas/dag';
import { type EnasLineProblem, EnasParseError } from './errors.js';
import { LineSyntaxError, type ParseLineOptions, parseEnasLine } from './parse-line.js';

/** One labelled architecture of the data file. */
export interface EnasRecord {
  /** 1-based line number in the file. */
  readonly line: number;
  /** 0-based index in the post-burn-in list (the reference's dataset order); −1 for burn-in lines. */
  readonly index: number;
  /** The architecture as a DAG (protocol §1.3). */
  readonly dag: Dag;
  /** The flat 21-integer string (protocol §1.4). */
  readonly flat: string;
  /** Weight-sharing validation accuracy on CIFAR-10. */
  readonly accuracy: number;
}

/** Options of {@link parseEnasFile}. */
export interface ParseFileOptions extends ParseLineOptions {
  /** Name of the file in error messages. Default `final_structures6.txt`. */
  readonly source?: string;
  /** Lines at the top that the reference loader skips; they get `index` −1. Default 1000. */
  readonly burnIn?: number;
}

/**
 * Parse a whole data file. Every malformed line is collected and reported together in one
 * {@link EnasParseError}; nothing is skipped silently. A final newline is allowed, an empty
 * line anywhere else is an error.
 */
export function parseEnasFile(text: string, options: ParseFileOptions = {}): EnasRecord[] {
  const source = options.source ?? 'final_structures6.txt';
  const burnIn = options.burnIn ?? 1000;
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const records: EnasRecord[] = [];
  const problems: EnasLineProblem[] = [];
  lines.forEach((content, i) => {
    const line = i + 1;
    try {
      if (content.trim() === '') throw new LineSyntaxError(1, 'empty line');
      const parsed = parseEnasLine(content, options);
      const dag = enasLayersToDag(parsed.layers, options);
      records.push({ line, index: i < burnIn ? -1 : i - burnIn, dag, flat: enasLayersToFlat(parsed.layers, options), accuracy: parsed.accuracy });
    } catch (error) {
      if (!(error instanceof LineSyntaxError)) throw error;
      problems.push({ line, column: error.column, message: error.message });
    }
  });
  if (problems.length > 0) throw new EnasParseError(source, problems);
  if (records.length <= burnIn) {
    throw new EnasParseError(source, [{ line: records.length, column: 1, message: `expected more than the ${burnIn} burn-in lines, found ${records.length} lines` }]);
  }
  return records;
}
