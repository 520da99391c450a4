import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from './tf.js';

/**
 * Replacement kernels for the tfjs-webgpu backend (4.22), each fixing a measured problem:
 *
 * - `AddN`: the stock kernel binds every input as a storage buffer of one shader, so a sum of
 *   more inputs than the device allows per stage (`maxStorageBuffersPerShaderStage` − 1 for the
 *   output; 8 − 1 on SwiftShader, as tfjs requests the default limit) fails validation and
 *   leaves garbage, silently: D-VAE's gradient sums more than 7 terms per weight. The
 *   replacement sums chunks of at most that many inputs, then the partial sums, as the stock
 *   `Concat` kernel already does for the same limit.
 *
 * - `UnsortedSegmentSum` (the gradient of every `gather`): the stock kernel adds with float
 *   atomics, so rows that meet in one segment are summed in whichever order the GPU threads
 *   run, and the same step gave different last bits from run to run (measured on SwiftShader),
 *   which breaks exact resume. The replacement gives each output column to one thread, which
 *   adds the entries in index order: the same sums every time, and no atomics.
 *
 * Of the wasm fixes (`WASM_KERNEL_FIXES`), none applies as such: `BatchMatMul`, `Slice`/
 * `SplitV`/`Unpack` and `GatherV2` fix the speed of wasm kernels, webgpu has its own kernels for
 * them, and `UnsortedSegmentSum`, missing on wasm, exists on webgpu (replaced for determinism,
 * above). The runtime's webgpu tests check these kernels against the cpu backend.
 */
export const WEBGPU_KERNEL_FIXES = ['AddN', 'UnsortedSegmentSum'] as const;

interface WebgpuBackendLike {
  readonly device: { readonly limits: { readonly maxStorageBuffersPerShaderStage: number } };
  disposeData(dataId: object): boolean;
  runWebGPUProgram(program: object, inputs: TensorInfo[], dtype: string, uniforms: { type: string; data: number[] }[], output?: TensorInfo): TensorInfo;
}

/** The helpers of tfjs-backend-webgpu's public `webgpu_util` that a program needs. */
export interface WebgpuUtil {
  flatDispatchLayout(shape: number[]): { x: number[] };
  computeDispatch(layout: { x: number[] }, shape: number[], workgroupSize: [number, number, number]): [number, number, number];
}

let stockAddN: KernelConfig | undefined;
let util: WebgpuUtil | undefined;

function addN(args: { inputs: TensorInfo[]; backend: WebgpuBackendLike; attrs: object }): TensorInfo {
  const stock = stockAddN!.kernelFunc as unknown as (a: typeof args) => TensorInfo;
  const most = Math.max(2, args.backend.device.limits.maxStorageBuffersPerShaderStage - 1);
  let terms = args.inputs;
  const partials: TensorInfo[] = [];
  while (terms.length > most) {
    const next: TensorInfo[] = [];
    for (let i = 0; i < terms.length; i += most) {
      const chunk = terms.slice(i, i + most);
      if (chunk.length === 1) next.push(chunk[0]!);
      else {
        const sum = stock({ ...args, inputs: chunk });
        partials.push(sum);
        next.push(sum);
      }
    }
    terms = next;
  }
  const out = stock({ ...args, inputs: terms });
  for (const p of partials) args.backend.disposeData(p.dataId);
  return out;
}

/**
 * `out[r, s] = Σ_{i: ids[i] = s} x[r, i]` for x `[rows, count]`: one thread per row `r`,
 * adding in index order (tfjs-backend-webgpu's program interface; `result` starts at zero).
 */
class OrderedSegmentSumProgram {
  readonly variableNames = ['x', 'segmentIds'];
  readonly uniforms = 'numSegments : i32, count : i32, rows : i32,';
  readonly workgroupSize: [number, number, number] = [64, 1, 1];
  readonly shaderKey = 'opnasOrderedSegmentSum';
  readonly outputShape: number[];
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];

  constructor(rows: number, numSegments: number) {
    this.outputShape = [rows, numSegments];
    this.dispatchLayout = util!.flatDispatchLayout([rows]);
    this.dispatch = util!.computeDispatch(this.dispatchLayout, [rows], this.workgroupSize);
  }

  getUserCode(): string {
    return `
      fn main(row : i32) {
        if (row < uniforms.rows) {
          for (var i = 0; i < uniforms.count; i++) {
            let segment = i32(getSegmentIds(i));
            if (segment >= 0 && segment < uniforms.numSegments) {
              let at = row * uniforms.numSegments + segment;
              result[at] = result[at] + getX(row, i);
            }
          }
        }
      }`;
  }
}

function run(kernel: string, args: object): TensorInfo {
  return (tf.getKernel(kernel, 'webgpu')!.kernelFunc as unknown as (a: object) => TensorInfo)(args);
}

function unsortedSegmentSum(args: { inputs: { x: TensorInfo; segmentIds: TensorInfo }; backend: WebgpuBackendLike; attrs: { numSegments: number } }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, segmentIds } = inputs;
  const { numSegments } = attrs;
  if (x.dtype !== 'float32') throw new Error(`@opnas/runtime: UnsortedSegmentSum on webgpu supports float32, got ${x.dtype}`);
  const temps: TensorInfo[] = [];
  // Segments along axis 0: move it last, as [rows, count] with rows = the other axes.
  const rank = x.shape.length;
  const perm = [...Array.from({ length: rank - 1 }, (_, i) => i + 1), 0];
  const moved = rank === 1 ? x : run('Transpose', { inputs: { x }, backend, attrs: { perm } });
  if (moved !== x) temps.push(moved);
  const count = x.shape[0]!;
  const rows = tf.util.sizeFromShape(x.shape.slice(1));
  const x2d = run('Reshape', { inputs: { x: moved }, backend, attrs: { shape: [rows, count] } });
  temps.push(x2d);
  const ids = run('Reshape', { inputs: { x: segmentIds }, backend, attrs: { shape: [count] } });
  temps.push(ids);
  const zeros = run('Fill', { backend, attrs: { shape: [rows, numSegments], value: 0, dtype: 'float32' } });
  const program = new OrderedSegmentSumProgram(rows, numSegments);
  const uniforms = [
    { type: 'int32', data: [numSegments] },
    { type: 'int32', data: [count] },
    { type: 'int32', data: [rows] },
  ];
  const sums = backend.runWebGPUProgram(program, [x2d, ids], 'float32', uniforms, zeros);
  temps.push(sums);
  // [rows, numSegments] back to [numSegments, ...x.shape.slice(1)].
  let out: TensorInfo;
  if (rank === 1) out = run('Reshape', { inputs: { x: sums }, backend, attrs: { shape: [numSegments] } });
  else {
    const back = run('Transpose', { inputs: { x: sums }, backend, attrs: { perm: [1, 0] } });
    temps.push(back);
    out = run('Reshape', { inputs: { x: back }, backend, attrs: { shape: [numSegments, ...x.shape.slice(1)] } });
  }
  for (const t of temps) backend.disposeData(t.dataId);
  return out;
}

/**
 * Registers the webgpu replacement kernels (idempotent). `initRuntime` calls this with
 * tfjs-backend-webgpu's `webgpu_util`.
 */
export function installWebgpuKernelFixes(webgpuUtil: WebgpuUtil): void {
  if (stockAddN !== undefined) return;
  util = webgpuUtil;
  stockAddN = tf.getKernel('AddN', 'webgpu');
  if (stockAddN === undefined) throw new Error("@opnas/runtime: the webgpu backend has no 'AddN' kernel");
  tf.unregisterKernel('AddN', 'webgpu');
  tf.registerKernel({ kernelName: 'AddN', backendName: 'webgpu', kernelFunc: addN as unknown as KernelFunc });
  if (tf.getKernel('UnsortedSegmentSum', 'webgpu') !== undefined) tf.unregisterKernel('UnsortedSegmentSum', 'webgpu');
  tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'webgpu', kernelFunc: unsortedSegmentSum as unknown as KernelFunc });
}
