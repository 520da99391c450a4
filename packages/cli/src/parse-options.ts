import { positiveInteger as checkPositiveInteger } from '@opnas/errors';
import { InvalidArgumentError } from 'commander';

/** A commander option parser for positive integers that names the option in its error. */
export const positiveInteger =
  (name: string) =>
  (value: string): number => {
    // Digits only: Number() would also take '1e3', '0x10' and ' '.
    const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    return checkPositiveInteger(n, name, () => new InvalidArgumentError(`${name} must be a positive integer, got "${value}"`));
  };

/** A commander option parser for a fixed set of choices. */
export const oneOf =
  <T extends string>(name: string, choices: readonly T[]) =>
  (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`${name} must be one of ${choices.join(', ')}, got "${value}"`);
    }
    return value as T;
  };
