import { OpnasError } from '@opnas/errors';

/** Thrown when a backend cannot be selected or initialised, or a runtime argument is invalid. Code `runtime-setup-failed`. */
export class RuntimeError extends OpnasError<'runtime-setup-failed'> {
  override name = 'RuntimeError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/runtime', 'runtime-setup-failed', message, options);
  }
}
