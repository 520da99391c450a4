import { OpnasError } from '@opnas/errors';

/** Thrown for an invalid operation encoding, table, type id or embedding JSON. Code `invalid-operation-encoding`. */
export class OperationEmbeddingError extends OpnasError<'invalid-operation-encoding'> {
  override name = 'OperationEmbeddingError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/op-embed', 'invalid-operation-encoding', message, options);
  }
}
