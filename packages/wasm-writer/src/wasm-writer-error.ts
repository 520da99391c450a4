import { OpnasError } from '@opnas/errors';

/** A value the binary format cannot hold (a negative LEB128, a memory whose minimum exceeds its maximum); `argument` names it. */
export class WasmWriterError extends OpnasError<'invalid-argument'> {
  override name = 'WasmWriterError';
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super('@opnas/wasm-writer', 'invalid-argument', message);
  }
}
