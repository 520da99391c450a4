/** Bad input to an `@opnas/enas-surrogate` function; the message names the package and the argument. */
export class SurrogateArgumentError extends Error {
  override name = 'SurrogateArgumentError';
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super(message);
  }
}

/** A model file that is missing, altered (sha256 mismatch) or not an opnas surrogate. */
export class SurrogateFileError extends Error {
  override name = 'SurrogateFileError';
}
