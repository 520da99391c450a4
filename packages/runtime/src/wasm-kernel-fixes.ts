import type { DataType, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from './tf.js';

/**
 * Replacement kernels for the tfjs-wasm backend (4.22). Each fixes a measured problem and
 * computes the same numbers as the stock kernel (the tests compare them):
 *
 * - `BatchMatMul`: the stock kernel sends every matmul with a transposed operand to a naive
 *   blocked loop instead of XNNPACK. The matMul gradient uses exactly those (`dY·Wᵀ`, `Xᵀ·dY`):
 *   [32,1503]·[501,1503]ᵀ took 15.7 ms stock against 1.3 ms through XNNPACK. The replacement
 *   moves the transposes onto the small operand (or the output) and calls XNNPACK.
 * - `Slice`, `SplitV`, `Unpack`: the stock `Slice` reads its input with `readSync`, which copies
 *   the whole tensor out of the wasm heap for every slice, so splitting [896,501] into 28 pieces
 *   copied it 28 times (30 ms). The replacement reads through a view of the heap.
 * - `UnsortedSegmentSum`: missing on wasm, so `tf.gather` had no gradient there. A plain
 *   JavaScript loop over heap views supplies it.
 * - `GatherV2`: the stock C++ kernel copies element by element; gathering 896 rows of 2004
 *   floats took 42–60 ms. Copying whole rows from a heap view takes about 1 ms.
 */

/** The subset of the wasm backend these kernels use (tfjs-backend-wasm's `BackendWasm`). */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): boolean;
}

interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: WasmBackendLike;
  attrs: NamedAttrMap;
}

/** Names of the kernels this module replaces or adds on the `wasm` backend. */
export const WASM_KERNEL_FIXES = ['BatchMatMul', 'Slice', 'SplitV', 'Unpack', 'UnsortedSegmentSum', 'GatherV2'] as const;

let stock: Map<string, KernelConfig | undefined> | null = null;

function stockKernel(name: string): KernelFunc {
  const config = stock?.get(name) ?? tf.getKernel(name, 'wasm');
  if (config === undefined) throw new Error(`@opnas/runtime: the wasm backend has no '${name}' kernel`);
  return config.kernelFunc;
}

function run(func: KernelFunc, args: KernelArgs): TensorInfo {
  return func(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
}

function matMul2d(backend: WasmBackendLike, a: TensorInfo, b: TensorInfo): TensorInfo {
  return run(stockKernel('BatchMatMul'), { inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
}

function transpose2d(backend: WasmBackendLike, x: TensorInfo): TensorInfo {
  return run(stockKernel('Transpose'), { inputs: { x }, backend, attrs: { perm: [1, 0] } });
}

function view2d(x: TensorInfo): TensorInfo {
  const r = x.shape.length;
  return { dataId: x.dataId, dtype: x.dtype, shape: [x.shape[r - 2]!, x.shape[r - 1]!] };
}

function batchMatMul(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const a = inputs['a']!;
  const b = inputs['b']!;
  const transposeA = attrs['transposeA'] === true;
  const transposeB = attrs['transposeB'] === true;
  const aOuter = a.shape.slice(0, -2);
  const bOuter = b.shape.slice(0, -2);
  const batched = tf.util.sizeFromShape(aOuter) !== 1 || tf.util.sizeFromShape(bOuter) !== 1;
  // Batched products go to the stock loop either way (XNNPACK is only used for batch 1).
  if ((!transposeA && !transposeB) || batched || a.dtype !== 'float32' || b.dtype !== 'float32') {
    return run(stockKernel('BatchMatMul'), args);
  }
  const a2 = view2d(a);
  const b2 = view2d(b);
  const [a0, a1] = a2.shape as [number, number];
  const [b0, b1] = b2.shape as [number, number];
  const m = transposeA ? a1 : a0;
  const k = transposeA ? a0 : a1;
  const kb = transposeB ? b1 : b0;
  const n = transposeB ? b0 : b1;
  if (k !== kb) {
    throw new Error(`@opnas/runtime: matMul inner dimensions ${k} and ${kb} differ (shapes ${a.shape} and ${b.shape}, transposeA=${transposeA}, transposeB=${transposeB})`);
  }
  const temps: TensorInfo[] = [];
  const keep = (t: TensorInfo): TensorInfo => {
    temps.push(t);
    return t;
  };
  let out: TensorInfo;
  // XNNPACK treats the right operand as weights and packs it (a copy) on first use, so the
  // costs compared below are element copies: transposes, packing, and output transposes.
  if (transposeA && transposeB) {
    // Aᵀ·Bᵀ = (B·A)ᵀ
    out = transpose2d(backend, keep(matMul2d(backend, b2, a2)));
  } else if (transposeA) {
    out = matMul2d(backend, keep(transpose2d(backend, a2)), b2);
  } else if (2 * m * k + m * n < 2 * n * k) {
    // A·Bᵀ = (B·Aᵀ)ᵀ: transposes the small left operand and the output, never the large B.
    out = transpose2d(backend, keep(matMul2d(backend, b2, keep(transpose2d(backend, a2)))));
  } else {
    out = matMul2d(backend, a2, keep(transpose2d(backend, b2)));
  }
  for (const t of temps) backend.disposeData(t.dataId);
  const outer = aOuter.length >= bOuter.length ? aOuter : bOuter;
  out.shape = [...outer, m, n];
  return out;
}

/** Copies the box `begin..begin+size` of `x` into `out` (both row-major). */
function copyBox(
  x: Float32Array | Int32Array | Uint8Array,
  shape: readonly number[],
  out: Float32Array | Int32Array | Uint8Array,
  begin: readonly number[],
  size: readonly number[],
): void {
  const rank = shape.length;
  if (rank === 0) {
    out[0] = x[0]!;
    return;
  }
  const strides = tf.util.computeStrides(shape as number[]);
  const inner = size[rank - 1]!;
  const rows = tf.util.sizeFromShape(size.slice(0, -1) as number[]);
  const index = new Array<number>(rank - 1).fill(0);
  let outOffset = 0;
  for (let r = 0; r < rows; r++) {
    let offset = begin[rank - 1]!;
    for (let d = 0; d < rank - 1; d++) offset += (begin[d]! + index[d]!) * strides[d]!;
    if (inner > 16) {
      out.set(x.subarray(offset, offset + inner), outOffset);
    } else {
      for (let j = 0; j < inner; j++) out[outOffset + j] = x[offset + j]!;
    }
    outOffset += inner;
    for (let d = rank - 2; d >= 0; d--) {
      if (++index[d]! < size[d]!) break;
      index[d] = 0;
    }
  }
}

function slice(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs['x']!;
  if (x.dtype === 'string') return run(stockKernel('Slice'), args);
  const [begin, size] = tf.slice_util.parseSliceParams(x, attrs['begin'] as number[], attrs['size'] as number[]) as [number[], number[]];
  const out = backend.makeOutput(size, x.dtype);
  if (tf.util.sizeFromShape(size) === 0) return out;
  // Views are taken after makeOutput: an allocation can grow the heap and detach older views.
  const xVals = backend.typedArrayFromHeap(x);
  const outVals = backend.typedArrayFromHeap(out);
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const offset = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
    outVals.set(xVals.subarray(offset, offset + tf.util.sizeFromShape(size)));
  } else {
    copyBox(xVals, x.shape, outVals, begin, size);
  }
  return out;
}

function splitV(args: KernelArgs): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const x = inputs['x']!;
  const axis = tf.util.parseAxisParam(attrs['axis'] as number, x.shape)[0]!;
  const sizes = tf.backend_util.prepareSplitSize(x, attrs['numOrSizeSplits'] as number[] | number, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const piece = slice({ inputs: { x }, backend, attrs: { begin: [...begin], size } });
    begin[axis]! += s;
    return piece;
  });
}

function unpack(args: KernelArgs): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const value = inputs['value']!;
  let axis = attrs['axis'] as number;
  if (axis < 0) axis += value.shape.length;
  const outShape = value.shape.filter((_, i) => i !== axis);
  const begin = new Array<number>(value.shape.length).fill(0);
  const size = [...value.shape];
  size[axis] = 1;
  const outs: TensorInfo[] = [];
  for (let i = 0; i < value.shape[axis]!; i++) {
    begin[axis] = i;
    const piece = slice({ inputs: { x: value }, backend, attrs: { begin: [...begin], size } });
    outs.push({ dataId: piece.dataId, dtype: piece.dtype, shape: outShape });
  }
  return outs;
}

function unsortedSegmentSum(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs['x']!;
  const segmentIds = inputs['segmentIds']!;
  const numSegments = attrs['numSegments'] as number;
  const idRank = segmentIds.shape.length;
  const innerShape = x.shape.slice(idRank);
  const inner = tf.util.sizeFromShape(innerShape);
  const count = tf.util.sizeFromShape(segmentIds.shape);
  const out = backend.makeOutput([numSegments, ...innerShape], x.dtype);
  const outVals = backend.typedArrayFromHeap(out);
  const xVals = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  outVals.fill(0);
  for (let s = 0; s < count; s++) {
    const id = ids[s]!;
    // TensorFlow drops ids outside [0, numSegments); so does the cpu backend.
    if (id < 0 || id >= numSegments) continue;
    const from = s * inner;
    const to = id * inner;
    for (let j = 0; j < inner; j++) outVals[to + j]! += xVals[from + j]!;
  }
  return out;
}

function gatherV2(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs['x']!;
  const indices = inputs['indices']!;
  if (x.dtype === 'string') return run(stockKernel('GatherV2'), args);
  const axis = tf.util.parseAxisParam(attrs['axis'] as number, x.shape)[0]!;
  const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(
    x as unknown as Parameters<typeof tf.backend_util.segment_util.collectGatherOpShapeInfo>[0],
    indices as unknown as Parameters<typeof tf.backend_util.segment_util.collectGatherOpShapeInfo>[1],
    axis,
    (attrs['batchDims'] as number | undefined) ?? 0,
  );
  const count = tf.util.sizeFromShape(indices.shape);
  const perBatch = count / info.batchSize;
  const out = backend.makeOutput(info.outputShape, x.dtype);
  if (tf.util.sizeFromShape(info.outputShape) === 0) return out;
  const xVals = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(indices);
  const outVals = backend.typedArrayFromHeap(out);
  const { outerSize, dimSize, sliceSize } = info;
  for (let i = 0; i < count; i++) {
    const index = ids[i]!;
    if (index < 0 || index >= dimSize) throw new Error(`GatherV2: the index value ${index} is not in [0, ${dimSize - 1}]`);
  }
  let o = 0;
  for (let b = 0; b < info.batchSize; b++) {
    for (let outer = 0; outer < outerSize; outer++) {
      for (let j = 0; j < perBatch; j++) {
        const from = ((b * outerSize + outer) * dimSize + ids[b * perBatch + j]!) * sliceSize;
        if (sliceSize > 16) outVals.set(xVals.subarray(from, from + sliceSize), o);
        else for (let k = 0; k < sliceSize; k++) outVals[o + k] = xVals[from + k]!;
        o += sliceSize;
      }
    }
  }
  return out;
}

const REPLACEMENTS: Record<(typeof WASM_KERNEL_FIXES)[number], KernelFunc> = {
  BatchMatMul: batchMatMul as unknown as KernelFunc,
  Slice: slice as unknown as KernelFunc,
  SplitV: splitV as unknown as KernelFunc,
  Unpack: unpack as unknown as KernelFunc,
  UnsortedSegmentSum: unsortedSegmentSum as unknown as KernelFunc,
  GatherV2: gatherV2 as unknown as KernelFunc,
};

/** One of {@link WASM_KERNEL_FIXES}. */
export type WasmKernelFix = (typeof WASM_KERNEL_FIXES)[number];

let installed: readonly WasmKernelFix[] = [];

/**
 * Registers the replacement kernels for the `wasm` backend: all of them by default, or only
 * `names` (the others are restored to stock). `initRuntime` calls this; call it yourself only
 * if you initialised the wasm backend without `initRuntime`, or to measure the stock kernels
 * (keep `UnsortedSegmentSum`: without it nothing that gathers can be trained on wasm).
 */
export function installWasmKernelFixes(names: readonly WasmKernelFix[] = WASM_KERNEL_FIXES): void {
  for (const name of names) {
    if (!(WASM_KERNEL_FIXES as readonly string[]).includes(name)) {
      throw new Error(`@opnas/runtime: unknown wasm kernel fix '${String(name)}'; known: ${WASM_KERNEL_FIXES.join(', ')}`);
    }
  }
  uninstallWasmKernelFixes();
  const saved = new Map<string, KernelConfig | undefined>();
  for (const name of [...WASM_KERNEL_FIXES, 'Transpose']) saved.set(name, tf.getKernel(name, 'wasm'));
  stock = saved;
  for (const name of names) {
    if (saved.get(name) !== undefined) tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: REPLACEMENTS[name] });
  }
  installed = [...names];
}

/**
 * Restores the stock wasm kernels (and removes `UnsortedSegmentSum`, which wasm lacks). For
 * comparisons in tests and benchmarks; models expect the fixes.
 */
export function uninstallWasmKernelFixes(): void {
  if (stock === null) return;
  for (const name of installed) {
    tf.unregisterKernel(name, 'wasm');
    const config = stock.get(name);
    if (config !== undefined) tf.registerKernel(config);
  }
  stock = null;
  installed = [];
}

/** The replacement kernels currently registered (empty when none). */
export function wasmKernelFixesInstalled(): readonly WasmKernelFix[] {
  return installed;
}
