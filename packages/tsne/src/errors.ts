import { OpnasError } from '@opnas/errors';

/** Thrown for input t-SNE cannot embed, with a message naming the argument. Code `invalid-input`. */
export class TsneError extends OpnasError<'invalid-input'> {
  override name = 'TsneError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/tsne', 'invalid-input', message, options);
  }
}
