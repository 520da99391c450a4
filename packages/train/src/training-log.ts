/**
 * One epoch of training (the data of the paper's Figs. 3–4): the epoch's summed losses divided
 * by the number of training graphs, as the reference's `train_loss.txt` (protocol §4.1).
 */
export interface TrainingLogEntry {
  /** Registry name of the model. */
  readonly model: string;
  /** Iteration of the T × N scheme (protocol §4.2), from 1; always 1 for single-run models. */
  readonly iteration: number;
  /** Epoch within the iteration, from 1. */
  readonly epoch: number;
  /** (recon + β·KLD) per graph. */
  readonly total: number;
  /** Reconstruction loss per graph. */
  readonly recon: number;
  /** KL divergence (unweighted) per graph. */
  readonly kl: number;
  /** Learning rate used during the epoch. */
  readonly lr: number;
  /** Wall-clock seconds of the epoch. */
  readonly seconds: number;
}

/** The log as JSON lines, one object per epoch, keys in the documented order. */
export function formatTrainingLog(entries: readonly TrainingLogEntry[]): string {
  return entries
    .map((e) => JSON.stringify({ model: e.model, iteration: e.iteration, epoch: e.epoch, total: e.total, recon: e.recon, kl: e.kl, lr: e.lr, seconds: e.seconds }))
    .map((line) => `${line}\n`)
    .join('');
}
