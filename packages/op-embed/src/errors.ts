import { type ArgumentFailure, OpnasError } from '@opnas/errors';

/** Thrown for an invalid operation encoding, table, type id or embedding JSON. Code `invalid-operation-encoding`. */
export class OperationEmbeddingError extends OpnasError<'invalid-operation-encoding'> {
  override name = 'OperationEmbeddingError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/op-embed', 'invalid-operation-encoding', message, options);
  }
}

/** How this package's integer-argument checks (`positiveInteger` and the like from `@opnas/errors`) fail. */
export const invalidArgument: ArgumentFailure = (message) => new OperationEmbeddingError(`@opnas/op-embed: ${message}`);
