import { type ArgumentFailure, OpnasError } from '@opnas/errors';

/** Thrown when a backend cannot be selected or initialised, or a runtime argument is invalid. Code `runtime-setup-failed`. */
export class RuntimeError extends OpnasError<'runtime-setup-failed'> {
  override name = 'RuntimeError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/runtime', 'runtime-setup-failed', message, options);
  }
}

/** How this package's integer-argument checks (`positiveInteger` and the like from `@opnas/errors`) fail. */
export const invalidArgument: ArgumentFailure = (message) => new RuntimeError(`@opnas/runtime: ${message}`);
