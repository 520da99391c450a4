import { sleb, uleb } from './leb128.js';
import type { ValueType } from './value-type.js';
import type { LocalGroup, WasmFunction } from './wasm-module.js';

const SIMD_PREFIX = 0xfd;
/** Alignment hint for f64 and v128 accesses: 8 bytes (all our data is Float64Array-aligned). */
const ALIGN8 = 3;

/**
 * Emits the body of one function, instruction by instruction: the subset of WebAssembly (with
 * SIMD) that the f64 matrix kernels of `@opnas/sgp` use, with structured-loop helpers. Locals are
 * numbered after the parameters. Pass it to {@link encodeModule}.
 */
export class FunctionBuilder implements WasmFunction {
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

  /** One group per declared local, in declaration order. */
  get locals(): LocalGroup[] {
    return this.localTypes.map((type) => [1, type] as const);
  }
}
