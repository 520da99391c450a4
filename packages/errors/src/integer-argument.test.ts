import { describe, expect, it } from 'vitest';
import { type ArgumentFailure, integerAtLeast, nonNegativeInteger, positiveInteger } from './integer-argument.js';

class ExampleArgumentError extends Error {
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super(message);
  }
}
const fail: ArgumentFailure = (message, name) => new ExampleArgumentError(`@opnas/example: ${message}`, name);

function thrown(f: () => unknown): ExampleArgumentError {
  try {
    f();
  } catch (error) {
    if (error instanceof ExampleArgumentError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('positiveInteger', () => {
  it('returns a positive safe integer unchanged', () => {
    expect([positiveInteger(1, 'n', fail), positiveInteger(2 ** 53 - 1, 'n', fail)]).toEqual([1, 2 ** 53 - 1]);
  });

  it.each([0, -3, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('rejects %s with the caller’s error, naming the argument', (value) => {
    const error = thrown(() => positiveInteger(value, 'batchSize', fail));
    expect(error.message).toBe(`@opnas/example: batchSize must be a positive integer, got ${value}`);
    expect(error.argument).toBe('batchSize');
  });
});

describe('nonNegativeInteger', () => {
  it('accepts 0 and rejects −1 and fractions', () => {
    expect(nonNegativeInteger(0, 'epochs', fail)).toBe(0);
    expect(thrown(() => nonNegativeInteger(-1, 'epochs', fail)).message).toBe('@opnas/example: epochs must be a non-negative integer, got -1');
    expect(thrown(() => nonNegativeInteger(0.5, 'epochs', fail)).argument).toBe('epochs');
  });
});

describe('integerAtLeast', () => {
  it('checks against the given minimum and says it', () => {
    expect(integerAtLeast(2, 2, 'maxVertices', fail)).toBe(2);
    expect(thrown(() => integerAtLeast(1, 2, 'maxVertices', fail)).message).toBe('@opnas/example: maxVertices must be an integer ≥ 2, got 1');
    expect(thrown(() => integerAtLeast(0, 1, 'hiddenSize', fail)).message).toBe('@opnas/example: hiddenSize must be an integer ≥ 1, got 0');
  });
});
