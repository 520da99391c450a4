import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { RuntimeError } from './errors.js';
import { currentRuntime, initRuntime } from './runtime.js';
import { tf } from './tf.js';
import { WASM_KERNEL_FIXES, wasmKernelFixesInstalled } from './wasm-kernel-fixes.js';

function installed(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

describe('initRuntime', () => {
  it('defaults to wasm with SIMD and the kernel fixes', async () => {
    const runtime = await initRuntime({ env: {} });
    expect(runtime.backend).toBe('wasm');
    expect(runtime.simd).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
    expect(wasmKernelFixesInstalled()).toEqual(WASM_KERNEL_FIXES);
    expect(currentRuntime()).toBe(runtime);
    expect(tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 1])).dataSync()[0])).toBe(3);
  });

  it('reads OPNAS_BACKEND, and an explicit option wins over it', async () => {
    expect((await initRuntime({ env: { OPNAS_BACKEND: 'cpu' } })).backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await initRuntime({ backend: 'wasm', env: { OPNAS_BACKEND: 'cpu' } })).backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects unknown backend names, naming the source', async () => {
    await expect(initRuntime({ env: { OPNAS_BACKEND: 'metal' } })).rejects.toThrow(/OPNAS_BACKEND must be one of wasm, cpu, webgpu, tensorflow, got 'metal'/);
    await expect(initRuntime({ backend: 'gpu' as never })).rejects.toThrow(RuntimeError);
  });

  it('refuses to switch the SIMD setting of a running wasm module', async () => {
    await initRuntime({ backend: 'wasm' });
    await expect(initRuntime({ backend: 'wasm', simd: false })).rejects.toThrow(/already running with SIMD/);
  });

  it('loads native bindings for tensorflow only if installed, else names the install command', async () => {
    const available = installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');
    if (available) {
      expect((await initRuntime({ backend: 'tensorflow' })).backend).toBe('tensorflow');
    } else {
      await expect(initRuntime({ backend: 'tensorflow' })).rejects.toThrow(/npm install @tensorflow\/tfjs-node@4\.22\.0/);
      // No silent fallback: the previous backend is still the one running.
      expect(tf.getBackend()).toBe('wasm');
    }
  });
});

describe('kernelFixes option', () => {
  it('installs a chosen subset and restores the stock kernels of the rest', async () => {
    await initRuntime({ backend: 'wasm', kernelFixes: ['UnsortedSegmentSum'] });
    expect(wasmKernelFixesInstalled()).toEqual(['UnsortedSegmentSum']);
    await initRuntime({ backend: 'wasm', kernelFixes: false });
    expect(wasmKernelFixesInstalled()).toEqual([]);
    await initRuntime({ backend: 'wasm' });
    expect(wasmKernelFixesInstalled()).toEqual(WASM_KERNEL_FIXES);
    await expect(initRuntime({ backend: 'wasm', kernelFixes: ['Conv2D' as never] })).rejects.toThrow(/unknown wasm kernel fix 'Conv2D'/);
    await initRuntime({ backend: 'wasm' });
  });
});
