import { type ArgumentFailure, OpnasError } from '@opnas/errors';

/** Thrown for invalid training, evaluation or run-directory arguments. Code `invalid-train-input`. */
export class TrainError extends OpnasError<'invalid-train-input'> {
  override name = 'TrainError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/train', 'invalid-train-input', message, options);
  }
}

/**
 * Training met a loss or gradient that is NaN or infinite. Nothing after the last good
 * checkpoint was written; `epoch`, `batch` (1-based) and `iteration` say where it happened. Code `non-finite-loss`.
 */
export class NonFiniteLossError extends OpnasError<'non-finite-loss'> {
  override name = 'NonFiniteLossError';
  constructor(
    message: string,
    readonly iteration: number,
    readonly epoch: number,
    readonly batch: number,
  ) {
    super('@opnas/train', 'non-finite-loss', message);
  }
}

/** Thrown for a checkpoint or run directory that is missing, malformed or belongs to another run. Code `invalid-checkpoint`. */
export class CheckpointError extends OpnasError<'invalid-checkpoint'> {
  override name = 'CheckpointError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/train', 'invalid-checkpoint', message, options);
  }
}

/** How this package's integer-argument checks (`positiveInteger` and the like from `@opnas/errors`) fail. */
export const invalidArgument: ArgumentFailure = (message) => new TrainError(`@opnas/train: ${message}`);
