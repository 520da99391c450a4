import { VaeError } from './errors.js';

/** A model size option: a positive integer, or a `VaeError` naming the option. */
export function positiveSize(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new VaeError(`@opnas/vae: ${name} must be a positive integer, got ${value}`);
  return value;
}
