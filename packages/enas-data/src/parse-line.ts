import type { EnasLayers } from '@opnas/dag';
import { ENAS_LAYERS, ENAS_OP_COUNT } from '@opnas/dag';
import { OpnasError } from '@opnas/errors';

/** One parsed line: the nested ENAS list and its weight-sharing accuracy. */
export interface EnasLine {
  readonly layers: EnasLayers;
  readonly accuracy: number;
}

/** Options of {@link parseEnasLine}. */
export interface ParseLineOptions {
  /** Number of layers every line must have. Default 6 (ENAS-6). */
  readonly layers?: number;
  /** Number of ENAS operations; ops are `0..opCount−1`. Default 6. */
  readonly opCount?: number;
}

/** Where a line failed: a 1-based column and what was expected. Code `malformed-line`. */
export class LineSyntaxError extends OpnasError<'malformed-line'> {
  override name = 'LineSyntaxError';
  constructor(
    readonly column: number,
    message: string,
  ) {
    super('@opnas/enas-data', 'malformed-line', message);
  }
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

/**
 * Parse one line `[[op], [op, b0], …], accuracy` (protocol §1.1) strictly, without `eval`: the
 * layer count, each layer's length, op range, 0/1 bits and an accuracy in [0, 1] are checked,
 * and anything after the accuracy is an error. Throws {@link LineSyntaxError}.
 */
export function parseEnasLine(text: string, options: ParseLineOptions = {}): EnasLine {
  const layerCount = options.layers ?? ENAS_LAYERS;
  const opCount = options.opCount ?? ENAS_OP_COUNT;
  let at = 0;
  const fail = (message: string, column = at): never => {
    throw new LineSyntaxError(column + 1, message);
  };
  const skipSpace = () => {
    while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at++;
  };
  const describe = () => (at >= text.length ? 'end of line' : `"${text.slice(at, at + 12)}"`);
  const expectChar = (ch: string, what: string) => {
    skipSpace();
    if (text[at] !== ch) fail(`expected ${what}, found ${describe()}`);
    at++;
  };
  const readInteger = (what: string): { value: number; column: number } => {
    skipSpace();
    const match = /^[+-]?\d+/.exec(text.slice(at));
    if (!match) return fail(`expected ${what}, found ${describe()}`);
    const column = at;
    at += match[0].length;
    return { value: Number(match[0]), column };
  };

  const layers: number[][] = [];
  expectChar('[', "'[' opening the layer list");
  for (let i = 0; ; i++) {
    skipSpace();
    if (text[at] === ']') {
      if (i === 0) fail('expected at least one layer');
      at++;
      break;
    }
    if (i > 0) {
      expectChar(',', "',' or ']' after a layer");
      skipSpace();
    }
    if (i >= layerCount) fail(`expected ${layerCount} layers, found more`);
    expectChar('[', `'[' opening layer ${i}`);
    const op = readInteger(`the op of layer ${i}`);
    if (op.value < 0 || op.value >= opCount) fail(`layer ${i}: op must be in 0..${opCount - 1}, found ${op.value}`, op.column);
    const layer = [op.value];
    let close = at;
    for (let j = 0; ; j++) {
      skipSpace();
      if (text[at] === ']') {
        close = at++;
        break;
      }
      expectChar(',', `',' or ']' in layer ${i}`);
      const bit = readInteger(`skip bit ${j} of layer ${i}`);
      if (bit.value !== 0 && bit.value !== 1) fail(`layer ${i}: skip bit ${j} must be 0 or 1, found ${bit.value}`, bit.column);
      layer.push(bit.value);
    }
    if (layer.length !== i + 1) fail(`layer ${i} must have ${i + 1} entries (op + ${i} skip bits), found ${layer.length}`, close);
    layers.push(layer);
  }
  if (layers.length !== layerCount) fail(`expected ${layerCount} layers, found ${layers.length}`, 0);
  skipSpace();
  if (at >= text.length) fail('missing accuracy after the layer list');
  expectChar(',', "',' before the accuracy");
  skipSpace();
  const match = NUMBER.exec(text.slice(at));
  if (!match) fail(`expected the accuracy (a number in [0, 1]), found ${describe()}`);
  const column = at;
  const accuracy = Number(match![0]);
  at += match![0].length;
  if (!Number.isFinite(accuracy) || accuracy < 0 || accuracy > 1) fail(`accuracy must be in [0, 1], found ${match![0]}`, column);
  skipSpace();
  if (text[at] === '\r') at++;
  if (at < text.length) fail(`unexpected trailing text ${describe()}`);
  return { layers, accuracy };
}
