/** Thrown for invalid training, evaluation or run-directory arguments. */
export class TrainError extends Error {
  override name = 'TrainError';
}

/**
 * Training met a loss or gradient that is NaN or infinite. Nothing after the last good
 * checkpoint was written; `epoch`, `batch` (1-based) and `iteration` say where it happened.
 */
export class NonFiniteLossError extends Error {
  override name = 'NonFiniteLossError';
  constructor(
    message: string,
    readonly iteration: number,
    readonly epoch: number,
    readonly batch: number,
  ) {
    super(message);
  }
}

/** Thrown for a checkpoint or run directory that is missing, malformed or belongs to another run. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}
