import { OpnasError } from '@opnas/errors';

/** Thrown for any input that is not a well-formed DAG or architecture encoding. Code `invalid-dag`. */
export class DagError extends OpnasError<'invalid-dag'> {
  override name = 'DagError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/dag', 'invalid-dag', message, options);
  }
}
