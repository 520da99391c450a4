import type { AdamSettings } from './adam.js';
import { adamUpdate } from './adam.js';
import { F32, I32, V128, encodeModule, uleb } from '@opnas/wasm-writer';

/**
 * The WebAssembly API this file uses, typed locally: the project compiles against `lib: ES2022`
 * without the DOM typings that carry the `WebAssembly` namespace.
 */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => WasmMemory;
}

const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** A shared WebAssembly memory of `pages` 64 KiB pages (it can be posted to workers). */
export function sharedWasmMemory(pages: number): WasmMemory {
  return new wasm.Memory({ initial: pages, maximum: pages, shared: true });
}

/** Buffers of {@link SharedMemoryKernels.adam}: views into the kernels' shared memory. */
export interface AdamKernelBuffers {
  readonly params: Float32Array;
  readonly m: Float32Array;
  readonly v: Float32Array;
  /** One or two partial gradients, summed first (more than two: use `adamUpdate`). */
  readonly grads: readonly Float32Array[];
}

/** SIMD kernels over float32 vectors that live in one shared `WebAssembly.Memory`. */
export interface SharedMemoryKernels {
  /** `adamUpdate` over `[start, end)`, four lanes at a time (the same bits). */
  adam(buffers: AdamKernelBuffers, step: number, learningRate: number, settings: AdamSettings, start: number, end: number): void;
  /** Index of the first NaN or ±∞ in `values`, or −1. */
  firstNonFinite(values: Float32Array): number;
}

// The kernels' instructions, written out; @opnas/wasm-writer encodes the module around them.
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const simd = (op: number) => [0xfd, ...uleb(op)];
const load = (ptr: number, off: number) => [...get(ptr), ...get(off), 0x6a, ...simd(0x00), 4, 0];
const store = (ptr: number, off: number, value: number[]) => [...get(ptr), ...get(off), 0x6a, ...value, ...simd(0x0b), 4, 0];
const ADD = simd(228);
const MUL = simd(230);
const DIV = simd(231);
const SQRT = simd(227);
const SPLAT = simd(0x13);

// Parameters: p, m, v, g0, g1 (byte offsets; g1 = 0 for none), n (floats, a multiple of 4),
// then b1, 1−b1, b2, 1−b2, eps, −lr/bc1, √bc2 (float32). Locals follow.
const [P, M, V, G0, G1, N, B1, OMB1, B2, OMB2, EPS, SS, BC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const [OFF, END, VB1, VOMB1, VB2, VOMB2, VEPS, VSS, VBC, G, MI, VI] = [13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];

// nonFinite(ptr, n): the float index of the first 4-lane block holding a NaN or ±∞, or −1.
// x − x is 0 for finite x and NaN otherwise; NaN ≠ NaN.
const [PTR, COUNT, NOFF, NEND, X] = [0, 1, 2, 3, 4];
const nonFiniteBody = [
  ...get(COUNT),
  0x41,
  2,
  0x74,
  ...set(NEND),
  0x41,
  0,
  ...set(NOFF),
  0x02,
  0x40,
  0x03,
  0x40,
  ...get(NOFF),
  ...get(NEND),
  0x4f,
  0x0d,
  1,
  ...load(PTR, NOFF),
  ...set(X),
  ...get(X),
  ...get(X),
  ...simd(229),
  ...set(X), // x − x
  ...get(X),
  ...get(X),
  ...simd(0x41),
  ...simd(163),
  0x45, // !all_true(x == x)
  0x04,
  0x40,
  ...get(NOFF),
  0x41,
  2,
  0x76,
  0x0f,
  0x0b, // return off >> 2
  ...get(NOFF),
  0x41,
  16,
  0x6a,
  ...set(NOFF),
  0x0c,
  0,
  0x0b,
  0x0b,
  0x41,
  0x7f, // −1
];

function kernelsModule(pages: number): Uint8Array {
  const splats = [
    [B1, VB1],
    [OMB1, VOMB1],
    [B2, VB2],
    [OMB2, VOMB2],
    [EPS, VEPS],
    [SS, VSS],
    [BC, VBC],
  ].flatMap(([s, d]) => [...get(s!), ...SPLAT, ...set(d!)]);
  // Each operation rounds to float32 once, in PyTorch's order: the same bits as adamUpdate.
  const body = [
    ...splats,
    ...get(N),
    0x41,
    2,
    0x74,
    ...set(END), // END = n << 2
    0x41,
    0,
    ...set(OFF),
    0x02,
    0x40,
    0x03,
    0x40, // block, loop
    ...get(OFF),
    ...get(END),
    0x4f,
    0x0d,
    1, // if OFF >= END: break
    ...load(G0, OFF),
    ...set(G),
    ...get(G1),
    0x04,
    0x40,
    ...get(G),
    ...load(G1, OFF),
    ...ADD,
    ...set(G),
    0x0b, // if g1: g += g1
    ...load(M, OFF),
    ...get(VB1),
    ...MUL,
    ...get(G),
    ...get(VOMB1),
    ...MUL,
    ...ADD,
    ...set(MI),
    ...load(V, OFF),
    ...get(VB2),
    ...MUL,
    ...get(G),
    ...get(VOMB2),
    ...MUL,
    ...get(G),
    ...MUL,
    ...ADD,
    ...set(VI),
    ...store(M, OFF, get(MI)),
    ...store(V, OFF, get(VI)),
    ...store(P, OFF, [...load(P, OFF), ...get(VSS), ...get(MI), ...get(VI), ...SQRT, ...get(VBC), ...DIV, ...get(VEPS), ...ADD, ...DIV, ...MUL, ...ADD]),
    ...get(OFF),
    0x41,
    16,
    0x6a,
    ...set(OFF),
    0x0c,
    0,
    0x0b,
    0x0b, // br loop, end loop, end block
  ];
  const adam = {
    exportName: 'adam',
    params: [I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32],
    locals: [
      [2, I32],
      [10, V128],
    ],
    code: body,
  } as const;
  const nonFinite = {
    exportName: 'nonFinite',
    params: [I32, I32],
    results: [I32],
    locals: [
      [2, I32],
      [1, V128],
    ],
    code: nonFiniteBody,
  } as const;
  return encodeModule([adam, nonFinite], { initial: pages, maximum: pages });
}

type AdamExport = (p: number, m: number, v: number, g0: number, g1: number, n: number, ...scalars: number[]) => void;
type NonFiniteExport = (ptr: number, n: number) => number;

/**
 * Kernels over `memory`, in WebAssembly SIMD. `adam` is `adamUpdate` bit for bit: every float32
 * operation of PyTorch's order on four lanes at once. Hand-written because it was measured to
 * matter: one worker's slice of the paper's model (3.2 M parameters, two partial gradients)
 * takes 2.2 ms here and 24 ms in JavaScript with `Math.fround` per operation (load average 1.5),
 * out of a ≈ 0.25 s training step; the gradient's finiteness check likewise. Returns `null`
 * where WebAssembly SIMD is unavailable (callers then use the JavaScript versions).
 */
export function createSharedMemoryKernels(memory: WasmMemory): SharedMemoryKernels | null {
  const pages = memory.buffer.byteLength / 65536;
  const bytes = kernelsModule(pages);
  if (!wasm.validate(bytes)) return null;
  const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
  const adam = instance.exports['adam'] as AdamExport;
  const nonFinite = instance.exports['nonFinite'] as NonFiniteExport;
  const f = Math.fround;
  return {
    firstNonFinite(values) {
      let from = 0;
      if (values.buffer === memory.buffer && values.byteOffset % 16 === 0) {
        const vectorLength = values.length - (values.length % 4);
        const block = vectorLength > 0 ? nonFinite(values.byteOffset, vectorLength) : -1;
        // A flagged block holds the first non-finite value; otherwise only the tail is left.
        from = block >= 0 ? block : vectorLength;
      }
      for (let i = from; i < values.length; i++) if (!Number.isFinite(values[i]!)) return i;
      return -1;
    },
    adam(buffers, step, learningRate, settings, start, end) {
      const { params, m, v, grads } = buffers;
      const g0 = grads[0]!;
      const g1 = grads[1];
      const inMemory = (a: Float32Array) => a.buffer === memory.buffer && a.byteOffset % 16 === 0;
      const vectorEnd = start + Math.floor((end - start) / 4) * 4;
      if (grads.length > 2 || ![params, m, v, g0, ...(g1 ? [g1] : [])].every(inMemory) || start % 4 !== 0 || vectorEnd === start) {
        adamUpdate(buffers, step, learningRate, settings, start, end);
        return;
      }
      const { beta1, beta2, epsilon } = settings;
      const at = (a: Float32Array) => a.byteOffset + start * 4;
      adam(
        at(params),
        at(m),
        at(v),
        at(g0),
        g1 === undefined ? 0 : at(g1),
        vectorEnd - start,
        f(beta1),
        f(1 - beta1),
        f(beta2),
        f(1 - beta2),
        f(epsilon),
        f(-(learningRate / (1 - beta1 ** step))),
        f(Math.sqrt(1 - beta2 ** step)),
      );
      if (vectorEnd < end) adamUpdate(buffers, step, learningRate, settings, vectorEnd, end);
    },
  };
}
