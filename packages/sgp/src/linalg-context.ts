import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SgpNumericalError } from './errors.js';
import { MAX_MEMORY_PAGES, type SimdKernels, simdKernelModule } from './simd-kernels.js';
import { type WasmMemory, instantiateWasm, sharedWasmMemory } from './wasm-runtime.js';

/**
 * A dense row-major matrix living in the shared kernel memory. `ptr` is its byte offset there,
 * `ld` the distance in elements between row starts (`cols` unless it is a sub-block view), and
 * `data` a view starting at `ptr` (element (i, j) is `data[i·ld + j]`).
 */
export interface Mat {
  readonly ptr: number;
  readonly rows: number;
  readonly cols: number;
  readonly ld: number;
  readonly data: Float64Array;
}

const PAGE = 65536;
/** Bytes at the start of memory for the worker control block (Int32 flags, Float64 arguments). */
const CONTROL_BYTES = 65536;
const CONTROL_INTS_PER_SLOT = 16;
const ARGS_OFFSET = 4096;
const ARGS_DOUBLES_PER_SLOT = 32;
const MAX_WORKERS = 64;
/**
 * Longest wait for a helper thread. A whole 500³ product takes milliseconds, so this only
 * fires if a helper died; failing loudly beats blocking the process forever.
 */
const JOB_TIMEOUT_MS = 120_000;

/** Arguments of one `gemmRows` call, in the export's parameter order. */
export type GemmRowsArgs = readonly [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];

// The worker is a plain script (eval), so it runs the same way from TypeScript sources under a
// test runner and from the built package: it only instantiates the kernel module on the shared
// memory and runs `gemmRows` calls posted through the control block. Atomics instead of
// postMessage: a wake-up costs microseconds, and the main thread can block for the answer,
// which keeps the linear algebra synchronous.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, slot } = workerData;
const gemmRows = new WebAssembly.Instance(module, { env: { memory } }).exports.gemmRows;
const ctl = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES / 4});
const base = slot * ${CONTROL_INTS_PER_SLOT};
Atomics.store(ctl, base + 3, 1);
Atomics.notify(ctl, base + 3);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, base, seen);
  const gen = Atomics.load(ctl, base);
  if (gen === seen) continue;
  seen = gen;
  const a = new Float64Array(memory.buffer, ${ARGS_OFFSET} + slot * ${ARGS_DOUBLES_PER_SLOT * 8}, ${ARGS_DOUBLES_PER_SLOT});
  if (a[0] === 0) break;
  try {
    gemmRows(a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15]);
    Atomics.store(ctl, base + 2, 0);
  } catch (error) {
    Atomics.store(ctl, base + 2, 1);
  }
  Atomics.store(ctl, base + 1, gen);
  Atomics.notify(ctl, base + 1);
}
`;

/**
 * The shared memory, the kernel instance, a bump allocator over the memory and the worker
 * threads. One per process (see `linalgContext`): every allocation is scratch that a caller
 * takes with `mark()` and gives back with `release()` before it yields to the event loop.
 */
export class LinalgContext {
  readonly memory: WasmMemory;
  readonly kernels: SimdKernels;
  private top = CONTROL_BYTES;
  private readonly workers: Worker[] = [];
  private readonly control: Int32Array;
  private readonly args: Float64Array;

  constructor() {
    this.memory = sharedWasmMemory(CONTROL_BYTES / PAGE + 16, MAX_MEMORY_PAGES);
    this.kernels = instantiateWasm(simdKernelModule(), this.memory) as unknown as SimdKernels;
    this.control = new Int32Array(this.memory.buffer, 0, CONTROL_BYTES / 4);
    this.args = new Float64Array(this.memory.buffer, ARGS_OFFSET, MAX_WORKERS * ARGS_DOUBLES_PER_SLOT);
  }

  private active = 1;

  /** Helper threads running (the main thread works too). */
  get workerCount(): number {
    return this.workers.length;
  }

  /** Threads the next kernel calls may use (this one + helpers), as last set by `ensureThreads`. */
  get threads(): number {
    return this.active;
  }

  /**
   * Use `threads` threads (this one + helpers) from now on, starting helpers as needed (never
   * more threads than the machine has cores).
   */
  ensureThreads(threads: number): void {
    const wanted = Math.min(Math.max(1, Math.floor(threads)), availableParallelism(), MAX_WORKERS) - 1;
    this.active = wanted + 1;
    while (this.workers.length < wanted) {
      const slot = this.workers.length;
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module: simdKernelModule(), memory: this.memory, slot },
      });
      // a blocked helper must never keep the process alive
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** Current allocation point; pass to `release` to free everything allocated after it. */
  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    if (mark < CONTROL_BYTES || mark > this.top) throw new RangeError(`@opnas/sgp: bad arena mark ${mark}`);
    this.top = mark;
  }

  /** A rows × cols matrix (uninitialised unless `zero`), 16-byte aligned for the SIMD loads. */
  alloc(rows: number, cols: number, zero = false): Mat {
    const bytes = Math.max(8, rows * cols * 8);
    const ptr = (this.top + 15) & ~15;
    const end = ptr + bytes;
    if (end > this.memory.buffer.byteLength) {
      const pages = Math.ceil((end - this.memory.buffer.byteLength) / PAGE);
      if (this.memory.buffer.byteLength / PAGE + pages > MAX_MEMORY_PAGES) {
        throw new SgpNumericalError(`@opnas/sgp: kernel memory exhausted (asked for ${rows}×${cols} doubles)`);
      }
      // growing a shared memory never detaches it: earlier views stay valid
      this.memory.grow(pages);
    }
    this.top = end;
    const data = new Float64Array(this.memory.buffer, ptr, rows * cols);
    if (zero) data.fill(0);
    return { ptr, rows, cols, ld: cols, data };
  }

  /** A matrix in kernel memory holding a copy of `values` (row-major). */
  fromArray(rows: number, cols: number, values: ArrayLike<number>): Mat {
    const m = this.alloc(rows, cols);
    m.data.set(values as ArrayLike<number>);
    return m;
  }

  /** Rows [r0, r0+rows) × columns [c0, c0+cols) of `m`, sharing its storage. */
  view(m: Mat, r0: number, c0: number, rows: number, cols: number): Mat {
    const ptr = m.ptr + (r0 * m.ld + c0) * 8;
    const length = rows === 0 || cols === 0 ? 0 : (rows - 1) * m.ld + cols;
    return { ptr, rows, cols, ld: m.ld, data: new Float64Array(this.memory.buffer, ptr, length) };
  }

  /**
   * Run `gemmRows` for each argument list: the first on this thread, the others on helper
   * threads at the same time; returns when all are done.
   */
  runGemmRows(calls: readonly GemmRowsArgs[]): void {
    const remote = calls.length - 1;
    if (remote > this.workers.length || remote >= this.active) throw new RangeError('@opnas/sgp: more gemm parts than threads');
    for (let w = 0; w < remote; w++) this.awaitReady(w);
    const generations: number[] = [];
    for (let w = 0; w < remote; w++) {
      const args = calls[w + 1]!;
      const at = w * ARGS_DOUBLES_PER_SLOT;
      this.args[at] = 1;
      for (let i = 0; i < args.length; i++) this.args[at + 1 + i] = args[i]!;
      const base = w * CONTROL_INTS_PER_SLOT;
      generations.push(Atomics.add(this.control, base, 1) + 1);
      Atomics.notify(this.control, base);
    }
    const first = calls[0];
    if (first) this.kernels.gemmRows(...first);
    let failed = false;
    for (let w = 0; w < remote; w++) {
      const base = w * CONTROL_INTS_PER_SLOT;
      const gen = generations[w]!;
      const deadline = Date.now() + JOB_TIMEOUT_MS;
      for (;;) {
        const done = Atomics.load(this.control, base + 1);
        if (done === gen) break;
        if (Date.now() > deadline) {
          throw new SgpNumericalError(`@opnas/sgp: kernel worker thread ${w} did not answer within ${JOB_TIMEOUT_MS / 1000} s`);
        }
        Atomics.wait(this.control, base + 1, done, 1000);
      }
      if (Atomics.load(this.control, base + 2) !== 0) failed = true;
    }
    if (failed) throw new SgpNumericalError('@opnas/sgp: a kernel worker thread failed');
  }

  /** Block until helper `w` has started (a fresh thread takes tens of milliseconds). */
  private awaitReady(w: number): void {
    const at = w * CONTROL_INTS_PER_SLOT + 3;
    const deadline = Date.now() + JOB_TIMEOUT_MS;
    while (Atomics.load(this.control, at) !== 1) {
      if (Date.now() > deadline) throw new SgpNumericalError(`@opnas/sgp: kernel worker thread ${w} failed to start`);
      Atomics.wait(this.control, at, 0, 1000);
    }
  }

  /** Stop the helper threads (a later `ensureThreads` starts new ones). */
  async dispose(): Promise<void> {
    const workers = this.workers.splice(0);
    this.active = 1;
    // ask each helper to leave its wait loop, then make sure it is gone
    workers.forEach((_, w) => {
      this.args[w * ARGS_DOUBLES_PER_SLOT] = 0;
      Atomics.add(this.control, w * CONTROL_INTS_PER_SLOT, 1);
      Atomics.notify(this.control, w * CONTROL_INTS_PER_SLOT);
    });
    await Promise.all(workers.map((worker) => worker.terminate()));
    // the control counters of the old slots restart with the new workers
    this.control.fill(0, 0, MAX_WORKERS * CONTROL_INTS_PER_SLOT);
  }
}

let shared: LinalgContext | undefined;

/** The process-wide context, set to use `threads` threads (main + helpers). */
export function linalgContext(threads = 1): LinalgContext {
  if (!shared) shared = new LinalgContext();
  shared.ensureThreads(threads);
  return shared;
}

/** Stop the process-wide helper threads (tests and short scripts; they never block exit anyway). */
export async function disposeLinalgThreads(): Promise<void> {
  if (shared) await shared.dispose();
}
