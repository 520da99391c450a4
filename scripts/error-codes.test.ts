import { OpnasError, isOpnasError } from '@opnas/errors';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as bayesopt from '../packages/bayesopt/src/index.js';
import * as cli from '../packages/cli/src/index.js';
import * as dag from '../packages/dag/src/index.js';
import * as decoder from '../packages/decoder/src/index.js';
import * as enasData from '../packages/enas-data/src/index.js';
import * as encoders from '../packages/encoders/src/index.js';
import * as graphStats from '../packages/graph-stats/src/index.js';
import * as latents from '../packages/latents/src/index.js';
import * as lbfgsb from '../packages/lbfgsb/src/index.js';
import * as metrics from '../packages/metrics/src/index.js';
import * as opEmbed from '../packages/op-embed/src/index.js';
import * as rng from '../packages/rng/src/index.js';
import * as runtime from '../packages/runtime/src/index.js';
import * as safetensors from '../packages/safetensors/src/index.js';
import * as sequenceVae from '../packages/sequence-vae/src/index.js';
import * as sgp from '../packages/sgp/src/index.js';
import * as search from '../packages/search/src/index.js';
import * as spaces from '../packages/spaces/src/index.js';
import * as surrogate from '../packages/enas-surrogate/src/index.js';
import * as train from '../packages/train/src/index.js';
import * as tsne from '../packages/tsne/src/index.js';
import * as vae from '../packages/vae/src/index.js';
import * as viz from '../packages/viz/src/index.js';
import * as wasmWriter from '../packages/wasm-writer/src/index.js';

// Every error class a package exports extends OpnasError with the package's name and a stable
// code; callers branch on `code` instead of matching messages. The codes are public API: this
// table is what each package's README documents.
const packages = {
  '@opnas/bayesopt': bayesopt,
  '@opnas/cli': cli,
  '@opnas/dag': dag,
  '@opnas/decoder': decoder,
  '@opnas/enas-data': enasData,
  '@opnas/enas-surrogate': surrogate,
  '@opnas/encoders': encoders,
  '@opnas/graph-stats': graphStats,
  '@opnas/latents': latents,
  '@opnas/lbfgsb': lbfgsb,
  '@opnas/metrics': metrics,
  '@opnas/op-embed': opEmbed,
  '@opnas/rng': rng,
  '@opnas/runtime': runtime,
  '@opnas/safetensors': safetensors,
  '@opnas/sequence-vae': sequenceVae,
  '@opnas/search': search,
  '@opnas/sgp': sgp,
  '@opnas/spaces': spaces,
  '@opnas/train': train,
  '@opnas/tsne': tsne,
  '@opnas/vae': vae,
  '@opnas/viz': viz,
  '@opnas/wasm-writer': wasmWriter,
} as const;

type Construct = (C: new (...args: never[]) => Error) => Error;
const message: Construct = (C) => new (C as unknown as new (m: string) => Error)('message');
const withArgument: Construct = (C) => new (C as unknown as new (m: string, a: string) => Error)('message', 'x0');

const expected: Record<string, [pkg: keyof typeof packages, code: string, make: Construct]> = {
  BayesOptArgumentError: ['@opnas/bayesopt', 'invalid-argument', withArgument],
  BayesOptLogError: ['@opnas/bayesopt', 'invalid-log', message],
  BayesOptNumericalError: ['@opnas/bayesopt', 'numerical-failure', message],
  CliError: ['@opnas/cli', 'failure', message],
  DagError: ['@opnas/dag', 'invalid-dag', message],
  SpaceParseError: ['@opnas/dag', 'invalid-notation', (C) => new (C as unknown as typeof dag.SpaceParseError)('bad', 'nb201', 3)],
  SearchSpaceError: ['@opnas/dag', 'outside-search-space', (C) => new (C as unknown as typeof dag.SearchSpaceError)('bad', 'nb201')],
  SurrogateArgumentError: ['@opnas/enas-surrogate', 'invalid-argument', withArgument],
  SurrogateFileError: ['@opnas/enas-surrogate', 'invalid-surrogate-file', message],
  SearchArgumentError: ['@opnas/search', 'invalid-argument', withArgument],
  SpacesError: ['@opnas/spaces', 'invalid-input', message],
  DecoderError: ['@opnas/decoder', 'invalid-decoder-input', message],
  EnasDataError: ['@opnas/enas-data', 'data-unavailable', message],
  EnasParseError: ['@opnas/enas-data', 'malformed-data-file', (C) => new (C as unknown as typeof enasData.EnasParseError)('f.txt', [{ line: 3, column: 1, message: 'bad' }])],
  LineSyntaxError: ['@opnas/enas-data', 'malformed-line', (C) => new (C as unknown as typeof enasData.LineSyntaxError)(4, 'bad')],
  EncoderError: ['@opnas/encoders', 'invalid-encoder-input', message],
  GraphStatsError: ['@opnas/graph-stats', 'invalid-input', message],
  LatentsError: ['@opnas/latents', 'invalid-latents', message],
  LbfgsbArgumentError: ['@opnas/lbfgsb', 'invalid-argument', withArgument],
  MetricsError: ['@opnas/metrics', 'invalid-input', message],
  OperationEmbeddingError: ['@opnas/op-embed', 'invalid-operation-encoding', message],
  RandomArgumentError: ['@opnas/rng', 'invalid-argument', message],
  RuntimeError: ['@opnas/runtime', 'runtime-setup-failed', message],
  SafetensorsError: ['@opnas/safetensors', 'invalid-safetensors', message],
  SequenceVaeError: ['@opnas/sequence-vae', 'invalid-sequence-model-input', message],
  SgpArgumentError: ['@opnas/sgp', 'invalid-argument', withArgument],
  SgpNumericalError: ['@opnas/sgp', 'numerical-failure', message],
  CheckpointError: ['@opnas/train', 'invalid-checkpoint', message],
  NonFiniteLossError: ['@opnas/train', 'non-finite-loss', (C) => new (C as unknown as typeof train.NonFiniteLossError)('loss is NaN', 1, 2, 3)],
  TrainError: ['@opnas/train', 'invalid-train-input', message],
  TsneError: ['@opnas/tsne', 'invalid-input', message],
  VaeError: ['@opnas/vae', 'invalid-model', message],
  VizError: ['@opnas/viz', 'invalid-figure-input', message],
  WasmWriterError: ['@opnas/wasm-writer', 'invalid-argument', withArgument],
};

const exportedErrorClasses = Object.entries(packages).flatMap(([pkg, exports]) =>
  Object.entries(exports)
    .filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error)
    .map(([name, value]) => [pkg, name, value as new (...args: never[]) => Error] as const),
);

describe('error classes', () => {
  it('every exported error class is listed here (so its code is documented)', () => {
    expect(exportedErrorClasses.map(([, name]) => name).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(exportedErrorClasses)('%s: %s extends OpnasError with its package and a stable code', (pkg, name, C) => {
    const [expectedPackage, code, make] = expected[name]!;
    expect(pkg).toBe(expectedPackage);
    expect(C.prototype).toBeInstanceOf(OpnasError);
    const error = make(C) as OpnasError;
    expect(isOpnasError(error)).toBe(true);
    expect([error.package, error.code, error.name]).toEqual([expectedPackage, code, name]);
  });
});

describe('the table of codes in the @opnas/errors README', () => {
  const readme = readFileSync(new URL('../packages/errors/README.md', import.meta.url), 'utf8');
  it.each(Object.entries(expected))('lists %s', (name, [pkg, code]) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${pkg}\` | \`${name}\` |`));
    expect(row).toContain(`\`${code}\``);
  });
});

describe('errors thrown by real calls carry package and code', () => {
  const caught = (f: () => unknown): OpnasError => {
    try {
      f();
    } catch (error) {
      if (isOpnasError(error)) return error;
      throw error;
    }
    throw new Error('did not throw');
  };

  it('@opnas/dag: a malformed flat string', () => {
    const error = caught(() => dag.enasFlatToDag('3 1 x'));
    expect([error.package, error.code]).toEqual(['@opnas/dag', 'invalid-dag']);
  });

  it('@opnas/enas-data: a malformed file', () => {
    const error = caught(() => enasData.parseEnasFile('[[0]], 0.7\nnot a line\n'));
    expect([error.package, error.code]).toEqual(['@opnas/enas-data', 'malformed-data-file']);
  });

  it('@opnas/metrics: too few pairs, and a constant series', () => {
    expect(caught(() => metrics.pearson([1, 2], [1, 2])).code).toBe('invalid-input');
    expect(caught(() => metrics.pearson([1, 1, 1], [1, 2, 3])).code).toBe('constant-input');
  });

  it('@opnas/lbfgsb: an empty start, with the argument named', () => {
    const error = caught(() => lbfgsb.lbfgsb(() => 0, [])) as lbfgsb.LbfgsbArgumentError;
    expect([error.package, error.code, error.argument]).toEqual(['@opnas/lbfgsb', 'invalid-argument', 'x0']);
  });

  it('@opnas/sgp: mismatched lengths', () => {
    const error = caught(() => sgp.rootMeanSquaredError([1, 2], [1]));
    expect([error.package, error.code]).toEqual(['@opnas/sgp', 'invalid-argument']);
  });

  it('@opnas/rng: a seed the generator cannot take', () => {
    const error = caught(() => new rng.PythonRandom(1.5));
    expect([error.package, error.code]).toEqual(['@opnas/rng', 'invalid-argument']);
  });
});
