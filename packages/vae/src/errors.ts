import { OpnasError } from '@opnas/errors';

/** Thrown for unknown models, bad options, or weights that do not fit a model. Code `invalid-model`. */
export class VaeError extends OpnasError<'invalid-model'> {
  override name = 'VaeError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/vae', 'invalid-model', message, options);
  }
}
