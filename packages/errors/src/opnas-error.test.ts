import { describe, expect, it } from 'vitest';
import { OpnasError, isOpnasError } from './opnas-error.js';

class ExampleError extends OpnasError<'broken'> {
  override name = 'ExampleError';
  constructor(message: string) {
    super('@opnas/example', 'broken', message);
  }
}

describe('OpnasError', () => {
  it('carries the package, the code, the message and the cause', () => {
    const cause = new Error('disk full');
    const error = new OpnasError('@opnas/dag', 'invalid-dag', '@opnas/dag: bad', { cause });
    expect(error).toBeInstanceOf(Error);
    expect([error.package, error.code, error.message, error.cause, error.name]).toEqual(['@opnas/dag', 'invalid-dag', '@opnas/dag: bad', cause, 'OpnasError']);
  });

  it('is the base of package error classes, which keep their own name', () => {
    const error = new ExampleError('boom');
    expect(error).toBeInstanceOf(OpnasError);
    expect(error.name).toBe('ExampleError');
    expect(error.code).toBe('broken');
    expect(String(error)).toBe('ExampleError: boom');
  });

  it('is recognised by isOpnasError, also when built by another copy of the class', () => {
    expect(isOpnasError(new ExampleError('x'))).toBe(true);
    expect(isOpnasError(new Error('x'))).toBe(false);
    expect(isOpnasError({ package: '@opnas/dag', code: 'invalid-dag' })).toBe(false);
    const foreign = new Error('from another copy');
    Object.defineProperty(foreign, Symbol.for('@opnas/errors.OpnasError'), { value: true });
    expect(isOpnasError(foreign)).toBe(true);
  });
});
