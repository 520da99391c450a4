/**
 * A bit-exact port of CPython's `random.Random` (MT19937), as far as opnas needs it:
 * integer seeding, `random()`, `getrandbits`, `randbelow`, `shuffle` and `gauss`.
 *
 * The reference split (protocol §1.6) is `random.Random(0).shuffle(list)`, and the reference trainer
 * reshuffles with `random.seed(1)`; reproducing those orders needs CPython's exact algorithm.
 */

import { OpnasError } from '@opnas/errors';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO_PI = 2 * Math.PI;

/** The complete generator state, for checkpoints. Restoring it continues the exact sequence. */
export interface PythonRandomState {
  /** The 624 words of the Mersenne Twister. */
  readonly mt: readonly number[];
  /** Position of the next word to temper, 0..624. */
  readonly index: number;
  /** The second normal deviate that `gauss` keeps for its next call, or null. */
  readonly gaussNext: number | null;
}

/** Thrown for a seed, bound or state that the generator cannot take. Code `invalid-argument`. */
export class RandomArgumentError extends OpnasError<'invalid-argument'> {
  override name = 'RandomArgumentError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/rng', 'invalid-argument', message, options);
  }
}

export class PythonRandom {
  private readonly mt = new Uint32Array(N);
  private index = N + 1;
  private gaussNext: number | null = null;

  /**
   * @param seed A non-negative or negative integer, seeded as CPython seeds an `int`
   *   (`init_by_array` over the 32-bit words of `abs(seed)`). Defaults to 0.
   */
  constructor(seed: number | bigint = 0) {
    this.seed(seed);
  }

  /** Re-seed exactly as `random.seed(n)` does for an integer `n`. */
  seed(seed: number | bigint): void {
    if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
      throw new RandomArgumentError(`@opnas/rng: seed must be a safe integer or a bigint, got ${seed}`);
    }
    let n = BigInt(seed);
    if (n < 0n) n = -n;
    const key: number[] = [];
    while (n > 0n) {
      key.push(Number(n & 0xffffffffn));
      n >>= 32n;
    }
    if (key.length === 0) key.push(0);
    this.initByArray(key);
    this.gaussNext = null;
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.index = N;
  }

  private initByArray(key: readonly number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.index = N;
  }

  private twist(): void {
    const mt = this.mt;
    for (let kk = 0; kk < N; kk++) {
      const y = (mt[kk]! & UPPER_MASK) | (mt[(kk + 1) % N]! & LOWER_MASK);
      mt[kk] = mt[(kk + M) % N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.index = 0;
  }

  /** The next raw 32-bit output (`genrand_uint32`). */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A float in [0, 1) with 53 random bits, identical to `random.random()`. */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `random.getrandbits(k)` for 0 ≤ k ≤ 53 (words are filled least significant first). */
  getrandbits(k: number): number {
    if (!Number.isInteger(k) || k < 0 || k > 53) {
      throw new RandomArgumentError(`@opnas/rng: getrandbits takes 0..53 bits, got ${k}`);
    }
    if (k === 0) return 0;
    if (k <= 32) return this.nextUint32() >>> (32 - k);
    const low = this.nextUint32();
    const high = this.nextUint32() >>> (64 - k);
    return high * 4294967296 + low;
  }

  /** A uniform integer in [0, n), by CPython's rejection method `_randbelow_with_getrandbits`. */
  randbelow(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) {
      throw new RandomArgumentError(`@opnas/rng: randbelow needs a positive safe integer, got ${n}`);
    }
    const k = bitLength(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** A uniform integer in [lo, hi] inclusive, as `random.randint(lo, hi)`. */
  randint(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) {
      throw new RandomArgumentError(`@opnas/rng: randint needs integers lo ≤ hi, got ${lo}, ${hi}`);
    }
    return lo + this.randbelow(hi - lo + 1);
  }

  /** Shuffle in place exactly as `random.shuffle` (Fisher–Yates from the end). */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** A normal deviate, identical to `random.gauss(mu, sigma)` (it keeps a second deviate). */
  gauss(mu = 0, sigma = 1): number {
    let z = this.gaussNext;
    this.gaussNext = null;
    if (z === null) {
      const x2pi = this.random() * TWO_PI;
      const g2rad = Math.sqrt(-2 * Math.log(1 - this.random()));
      z = Math.cos(x2pi) * g2rad;
      this.gaussNext = Math.sin(x2pi) * g2rad;
    }
    return mu + z * sigma;
  }

  /** Copy of the full state (`random.getstate()` in spirit), JSON-serialisable. */
  getState(): PythonRandomState {
    return { mt: Array.from(this.mt), index: this.index, gaussNext: this.gaussNext };
  }

  /** Restore a state produced by {@link PythonRandom.getState}. */
  setState(state: PythonRandomState): void {
    if (!Array.isArray(state.mt) || state.mt.length !== N) {
      throw new RandomArgumentError(`@opnas/rng: state.mt must hold ${N} words`);
    }
    if (!Number.isInteger(state.index) || state.index < 0 || state.index > N) {
      throw new RandomArgumentError(`@opnas/rng: state.index must be in 0..${N}, got ${state.index}`);
    }
    for (let i = 0; i < N; i++) {
      const w = state.mt[i]!;
      if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) {
        throw new RandomArgumentError(`@opnas/rng: state.mt[${i}] is not a 32-bit word`);
      }
      this.mt[i] = w;
    }
    this.index = state.index;
    this.gaussNext = state.gaussNext;
  }
}

function bitLength(n: number): number {
  return n < 4294967296 ? 32 - Math.clz32(n) : 32 + bitLength(Math.floor(n / 4294967296));
}
