import { OpnasError } from '@opnas/errors';

/** Thrown for input a figure cannot be drawn from, with a message naming the file, line or argument. Code `invalid-figure-input`. */
export class VizError extends OpnasError<'invalid-figure-input'> {
  override name = 'VizError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/viz', 'invalid-figure-input', message, options);
  }
}
