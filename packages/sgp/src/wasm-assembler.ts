/**
 * A minimal WebAssembly binary assembler: just enough to emit the SIMD matrix kernels of
 * `simd-kernels.ts` (one module, one imported shared memory, i32/f64/v128 locals, structured
 * loops). Writing the bytes ourselves keeps the package free of a build-time toolchain (no
 * wabt or AssemblyScript step, no generated artefact checked in) while reaching SIMD speed:
 * plain JavaScript has no vector instructions, and the measured gap is ~7× (README, Performance).
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F64 | typeof V128;

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (for i32.const). */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

function section(id: number, bytes: number[]): number[] {
  return [id, ...uleb(bytes.length), ...bytes];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

const SIMD_PREFIX = 0xfd;
/** Alignment hint for f64 and v128 accesses: 8 bytes (all our data is Float64Array-aligned). */
const ALIGN8 = 3;

/** Emits the body of one function. Locals are numbered after the parameters. */
export class FunctionBuilder {
  readonly code: number[] = [];
  private readonly localTypes: ValueType[] = [];

  constructor(
    readonly exportName: string,
    readonly params: readonly ValueType[],
  ) {}

  /** The index of parameter `i`. */
  param(i: number): number {
    return i;
  }

  /** Declares a new local and returns its index. */
  local(type: ValueType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }

  get(i: number): this {
    return this.op(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.op(0x21, ...uleb(i));
  }
  tee(i: number): this {
    return this.op(0x22, ...uleb(i));
  }
  i32(value: number): this {
    return this.op(0x41, ...sleb(value));
  }
  f64(value: number): this {
    const bytes = new Uint8Array(new Float64Array([value]).buffer);
    return this.op(0x44, ...bytes);
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32Shl(): this {
    return this.op(0x74);
  }
  i32ShrS(): this {
    return this.op(0x75);
  }
  i32LtS(): this {
    return this.op(0x48);
  }
  i32GtS(): this {
    return this.op(0x4a);
  }
  i32Eqz(): this {
    return this.op(0x45);
  }
  /** f64.convert_i32_s */
  f64ConvertI32S(): this {
    return this.op(0xb7);
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64Mul(): this {
    return this.op(0xa2);
  }
  f64Eq(): this {
    return this.op(0x61);
  }
  f64Load(offset = 0): this {
    return this.op(0x2b, ALIGN8, ...uleb(offset));
  }
  f64Store(offset = 0): this {
    return this.op(0x39, ALIGN8, ...uleb(offset));
  }
  select(): this {
    return this.op(0x1b);
  }
  v128Load(offset = 0): this {
    return this.op(SIMD_PREFIX, ...uleb(0x00), ALIGN8, ...uleb(offset));
  }
  v128Store(offset = 0): this {
    return this.op(SIMD_PREFIX, ...uleb(0x0b), ALIGN8, ...uleb(offset));
  }
  /** v128.load64_splat: one f64 from memory into both lanes. */
  f64x2LoadSplat(offset = 0): this {
    return this.op(SIMD_PREFIX, ...uleb(0x0a), ALIGN8, ...uleb(offset));
  }
  v128Zero(): this {
    return this.op(SIMD_PREFIX, ...uleb(0x0c), ...new Array<number>(16).fill(0));
  }
  f64x2Splat(): this {
    return this.op(SIMD_PREFIX, ...uleb(0x14));
  }
  f64x2Add(): this {
    return this.op(SIMD_PREFIX, ...uleb(0xf0));
  }
  f64x2Mul(): this {
    return this.op(SIMD_PREFIX, ...uleb(0xf2));
  }

  /** `if (cond) { then } else { otherwise }` with the condition already on the stack. */
  ifElse(then: () => void, otherwise?: () => void): this {
    this.op(0x04, 0x40);
    then();
    if (otherwise) {
      this.op(0x05);
      otherwise();
    }
    return this.op(0x0b);
  }

  /**
   * `for (v = start; v < end; v += step) body` over i32 locals; `start`, `end` and `step` push
   * one i32 each. The end is re-evaluated each iteration (callers pass a local or a constant).
   */
  forLoop(v: number, start: () => void, end: () => void, step: () => void, body: () => void): this {
    start();
    this.set(v);
    this.op(0x02, 0x40); // block
    this.op(0x03, 0x40); // loop
    this.get(v);
    end();
    this.i32LtS().i32Eqz().op(0x0d, 1); // br_if out of the block when !(v < end)
    body();
    this.get(v);
    step();
    this.i32Add().set(v);
    this.op(0x0c, 0); // br to loop start
    this.op(0x0b, 0x0b); // end loop, end block
    return this;
  }

  /** `do { body } while (--counter !== 0)`, for counters known to be ≥ 1 (the hot loops). */
  countdown(counter: number, body: () => void): this {
    this.op(0x03, 0x40);
    body();
    this.get(counter).i32(1).i32Sub().tee(counter).op(0x0d, 0);
    return this.op(0x0b);
  }

  /** The function body as the code section expects it (locals, code, end). */
  encode(): number[] {
    const groups: number[][] = [];
    for (const type of this.localTypes) groups.push([...uleb(1), type]);
    const body = [...vector(groups), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

/**
 * A module importing one shared memory as `env.memory` (so worker threads run the same
 * kernels on the same data) and exporting the given functions, none of which returns a value.
 */
export function assembleModule(functions: readonly FunctionBuilder[], maximumPages: number): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((p) => [p])), 0]);
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector(types)),
    // memory import, limits flag 0x03 = shared with a maximum (required for shared memories)
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(1), ...uleb(maximumPages)]])),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.exportName), 0x00, ...uleb(i)]))),
    ...section(10, vector(functions.map((f) => f.encode()))),
  ];
  return new Uint8Array(bytes);
}
