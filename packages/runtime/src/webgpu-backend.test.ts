import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initRuntime, isDeviceBackend, readsAreAsync } from './runtime.js';
import { SeededInitialiser } from './seeded-initialiser.js';
import { tf } from './tf.js';
import type { Tensor } from './tf.js';
import { WEBGPU_KERNEL_FIXES } from './webgpu-kernel-fixes.js';

// The webgpu tests need an adapter: a GPU, or SwiftShader (see docs/guides/gpu.md). With
// OPNAS_CONFORMANCE_BACKENDS listing webgpu (as CI does) they must run; otherwise they are
// skipped, with the reason, when Dawn finds no adapter.
const required = (process.env['OPNAS_CONFORMANCE_BACKENDS'] ?? '').split(',').includes('webgpu');
let unavailable: string | undefined;

// A fresh generator per run, so that both backends get the same numbers.
let init = new SeededInitialiser(13);
const random = (shape: number[]) => init.normal(shape.reduce((a, b) => a * b, 1));
const fresh = () => (init = new SeededInitialiser(13));

/** Each case builds its tensors from plain arrays and returns the tensors to compare. */
const cases: { name: string; run: () => Tensor[] }[] = [
  {
    name: 'AddN of 20 inputs (more than a shader may bind)',
    run: () => {
      const xs = Array.from({ length: 20 }, (_, i) =>
        tf.tensor(
          random([3, 5]).map((v) => v * (i + 1)),
          [3, 5],
        ),
      );
      return [tf.addN(xs)];
    },
  },
  {
    name: 'UnsortedSegmentSum with repeated, negative and out-of-range ids, 1-d to 3-d',
    run: () => {
      const ids = tf.tensor1d([2, 0, 2, 2, -1, 5, 1, 0, 2], 'int32');
      return [
        tf.unsortedSegmentSum(tf.tensor1d(random([9])), ids, 4),
        tf.unsortedSegmentSum(tf.tensor2d(random([9, 7]), [9, 7]), ids, 4),
        tf.unsortedSegmentSum(tf.tensor3d(random([9, 2, 3]), [9, 2, 3]), ids, 3),
      ];
    },
  },
  {
    name: "gather's gradient (an UnsortedSegmentSum) and gather itself",
    run: () => {
      const x = tf.tensor2d(random([6, 33]), [6, 33]);
      const indices = tf.tensor1d(
        Array.from({ length: 50 }, (_, i) => (i * 5) % 6),
        'int32',
      );
      const w = tf.tensor2d(random([50, 33]), [50, 33]);
      const g = tf.grad((t: Tensor) => tf.sum(tf.mul(tf.gather(t, indices), w)))(x);
      return [g, tf.gather(x, indices)];
    },
  },
  {
    name: 'matMul with every transpose combination (a wasm fix: BatchMatMul)',
    run: () => {
      const a = tf.tensor2d(random([7, 9]), [7, 9]);
      const b = tf.tensor2d(random([9, 7]), [9, 7]);
      return [tf.matMul(a, b), tf.matMul(a, a, false, true), tf.matMul(a, a, true, false), tf.matMul(b, a, true, true)];
    },
  },
  {
    name: 'slice, split and unstack (wasm fixes: Slice, SplitV, Unpack)',
    run: () => {
      const x = tf.tensor3d(random([4, 6, 5]), [4, 6, 5]);
      return [tf.slice(x, [1, 2, 1], [2, 3, 4]), ...tf.split(x, [1, 2, 3], 1), ...tf.unstack(x, 0)];
    },
  },
];

async function values(tensors: Tensor[]): Promise<Float32Array[]> {
  const out = await Promise.all(tensors.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(tensors);
  return out;
}

const onCpu = new Map<string, Float32Array[]>();

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
  for (const c of cases) {
    fresh();
    onCpu.set(c.name, await values(c.run()));
  }
  try {
    await initRuntime({ backend: 'webgpu' });
  } catch (error) {
    if (required) throw error;
    unavailable = (error as Error).message;
  }
}, 120_000);

describe('the webgpu backend', () => {
  it('is a device backend that reads asynchronously, with its kernel fixes installed', async (context) => {
    if (unavailable !== undefined) context.skip(`webgpu not available: ${unavailable}`);
    const runtime = await initRuntime({ backend: 'webgpu' });
    expect(runtime.adapter?.vendor).toMatch(/\S/);
    expect(isDeviceBackend('webgpu')).toBe(true);
    expect(readsAreAsync()).toBe(true);
    for (const name of WEBGPU_KERNEL_FIXES) expect(tf.getKernel(name, 'webgpu')).toBeDefined();
  });

  for (const c of cases) {
    it(`gives the cpu backend's numbers: ${c.name}`, async (context) => {
      if (unavailable !== undefined) context.skip(`webgpu not available: ${unavailable}`);
      await initRuntime({ backend: 'webgpu' });
      fresh();
      const got = await values(c.run());
      const want = onCpu.get(c.name)!;
      expect(got.map((g) => g.length)).toEqual(want.map((w) => w.length));
      got.forEach((g, i) => {
        const w = want[i]!;
        const scale = Math.max(1, ...Array.from(w, Math.abs));
        for (let k = 0; k < w.length; k++) expect(Math.abs(g[k]! - w[k]!), `${c.name}: output ${i} entry ${k}`).toBeLessThanOrEqual(1e-5 * scale);
      });
    });
  }

  it("gives gather's gradient bit for bit the same on every run (ordered sums, no float atomics)", async (context) => {
    if (unavailable !== undefined) context.skip(`webgpu not available: ${unavailable}`);
    await initRuntime({ backend: 'webgpu' });
    const x = tf.tensor2d(random([16, 64]), [16, 64]);
    const indices = tf.tensor1d(
      Array.from({ length: 4000 }, (_, i) => (i * 7) % 16),
      'int32',
    );
    const w = tf.tensor2d(random([4000, 64]), [4000, 64]);
    const runs: Float32Array[] = [];
    for (let r = 0; r < 3; r++) runs.push((await values([tf.grad((t: Tensor) => tf.sum(tf.mul(tf.gather(t, indices), w)))(x)]))[0]!);
    tf.dispose([x, indices, w]);
    expect(Buffer.from(runs[1]!.buffer).equals(Buffer.from(runs[0]!.buffer))).toBe(true);
    expect(Buffer.from(runs[2]!.buffer).equals(Buffer.from(runs[0]!.buffer))).toBe(true);
  });
});

describe('initRuntime({ backend: "webgpu" }) without a Vulkan loader', () => {
  // Dawn opens libvulkan.so.1 on Linux; SwiftShader's copy is found only through LD_LIBRARY_PATH.
  const systemLoader = ['/usr/lib/x86_64-linux-gnu', '/lib/x86_64-linux-gnu', '/usr/lib', '/lib', '/usr/lib64', '/usr/local/lib', '/usr/lib/aarch64-linux-gnu'].some((d) =>
    existsSync(`${d}/libvulkan.so.1`),
  );
  it.runIf(process.platform === 'linux' && !systemLoader)('names the missing loader and both ways to get one', () => {
    const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
    const env = { ...process.env };
    delete env['LD_LIBRARY_PATH'];
    delete env['VK_ICD_FILENAMES'];
    const script = `const { initRuntime } = await import(${JSON.stringify(entry)}); try { await initRuntime({ backend: 'webgpu' }); console.log('ok'); } catch (e) { console.log(e.name + ': ' + e.message); }`;
    const child = spawnSync(process.execPath, ['--conditions=@opnas/source', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env, timeout: 60_000 });
    expect(child.stdout).toMatch(/^RuntimeError: @opnas\/runtime: backend 'webgpu': .*libvulkan\.so\.1 is missing/);
    expect(child.stdout).toMatch(/apt-get install libvulkan1/);
    expect(child.stdout).toMatch(/apt-get install chromium-common.*VK_ICD_FILENAMES=\/usr\/lib\/chromium\/vk_swiftshader_icd\.json/);
  });
});
