/** Thrown for input t-SNE cannot embed, with a message naming the argument. */
export class TsneError extends Error {
  override name = 'TsneError';
}
