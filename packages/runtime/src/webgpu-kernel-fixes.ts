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
 * Of the wasm fixes (`WASM_KERNEL_FIXES`), none applies here: `BatchMatMul`, `Slice`/`SplitV`/
 * `Unpack` and `GatherV2` fix the speed of wasm kernels, and webgpu has its own kernels for
 * all of them and for `UnsortedSegmentSum`, the kernel wasm lacks; the backend-conformance
 * tests check that they give the wasm numbers.
 */
export const WEBGPU_KERNEL_FIXES = ['AddN'] as const;

interface WebgpuBackendLike {
  readonly device: { readonly limits: { readonly maxStorageBuffersPerShaderStage: number } };
  disposeData(dataId: object): boolean;
}

let stockAddN: KernelConfig | undefined;

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

/** Registers the webgpu replacement kernels (idempotent). `initRuntime` calls this. */
export function installWebgpuKernelFixes(): void {
  if (stockAddN !== undefined) return;
  stockAddN = tf.getKernel('AddN', 'webgpu');
  if (stockAddN === undefined) throw new Error("@opnas/runtime: the webgpu backend has no 'AddN' kernel");
  tf.unregisterKernel('AddN', 'webgpu');
  tf.registerKernel({ kernelName: 'AddN', backendName: 'webgpu', kernelFunc: addN as unknown as KernelFunc });
}
