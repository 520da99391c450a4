/**
 * `opnas encode`, `opnas eval` and the run decoder of latent-mode BO on the webgpu backend, end
 * to end, against the same commands on wasm. Needs an adapter (a GPU, or SwiftShader: see
 * docs/guides/gpu.md): with OPNAS_CONFORMANCE_BACKENDS listing webgpu (CI) it must run; otherwise
 * it is skipped when Dawn finds none. Tiny, as SwiftShader is slow: a D-VAE (hidden 8, latent 4)
 * trained on wasm for one epoch on the first 40 post-burn-in graphs (36 train, 4 test).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLatents } from '@opnas/latents';
import { initRuntime } from '@opnas/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATA, commandRunner } from '../cli-io.test-util.js';
import { loadRunDecoder } from '../run-decoder.js';
import { registerEncodeCommand } from './encode.js';
import { registerEvalCommand } from './eval.js';
import { registerTrainCommand } from './train.js';

const required = (process.env['OPNAS_CONFORMANCE_BACKENDS'] ?? '').split(',').includes('webgpu');
const run = commandRunner(registerTrainCommand, registerEncodeCommand, registerEvalCommand);
let unavailable: string | undefined;
let dir: string;
let data: string;
let runDir: string;
const backendBefore = process.env['OPNAS_BACKEND'];

/** Runs one command on `backend` (the commands take it from OPNAS_BACKEND) and returns its stdout. */
async function on(backend: 'wasm' | 'webgpu', args: string[]): Promise<string> {
  process.env['OPNAS_BACKEND'] = backend;
  const r = run([...args, '--quiet']);
  await r.done;
  return r.output();
}

/** Every value of `got` within `relative` of the largest |value| of `expected`. */
function expectClose(got: ArrayLike<number>, expected: ArrayLike<number>, relative = 1e-4): void {
  expect(got.length).toBe(expected.length);
  const scale = Math.max(1e-6, ...Array.from(expected, Math.abs));
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
  expect(worst / scale).toBeLessThan(relative);
}

beforeAll(async () => {
  try {
    await initRuntime({ backend: 'webgpu' });
  } catch (error) {
    if (required) throw error;
    unavailable = (error as Error).message;
  }
  dir = await mkdtemp(join(tmpdir(), 'opnas-cli-webgpu-'));
  // The 1,000 burn-in lines and 40 graphs: train and test splits of 36 and 4.
  data = join(dir, 'enas-40.txt');
  const lines = (await readFile(TEST_DATA, 'utf8')).split('\n').slice(0, 1040);
  await writeFile(data, `${lines.join('\n')}\n`);
  runDir = join(dir, 'run');
  await on('wasm', [
    'train',
    '--model',
    'dvae',
    '--hidden',
    '8',
    '--latent',
    '4',
    '--epochs',
    '1',
    '--batch',
    '12',
    '--workers',
    '1',
    '--data',
    data,
    '--out',
    runDir,
    '--no-latents',
  ]);
}, 1_200_000);
afterAll(async () => {
  if (backendBefore === undefined) delete process.env['OPNAS_BACKEND'];
  else process.env['OPNAS_BACKEND'] = backendBefore;
  await initRuntime({ backend: 'wasm' });
  await rm(dir, { recursive: true, force: true });
});

describe('opnas encode and eval on webgpu', () => {
  it('encode writes the latents of every graph, the μ of wasm within 1e-4', async (context) => {
    if (unavailable !== undefined) context.skip(`webgpu not available: ${unavailable}`);
    const wasm = join(dir, 'latents-wasm.safetensors');
    const webgpu = join(dir, 'latents-webgpu.safetensors');
    await on('wasm', ['encode', '--run', runDir, '--out', wasm]);
    const report = JSON.parse(await on('webgpu', ['encode', '--run', runDir, '--out', webgpu, '--json'])) as { train: number; test: number };
    expect(report).toMatchObject({ train: 36, test: 4 });
    const [a, b] = [await readLatents(webgpu), await readLatents(wasm)];
    expect(Array.from(a.train.index)).toEqual(Array.from(b.train.index));
    expect(Array.from(a.test.index)).toEqual(Array.from(b.test.index));
    expectClose(a.train.mu, b.train.mu);
    expectClose(a.test.mu, b.test.mu);
  }, 1_200_000);

  it('eval gives the metrics of wasm: the same decodes for the same seeds, the test NLL within 1e-4', async (context) => {
    if (unavailable !== undefined) context.skip(`webgpu not available: ${unavailable}`);
    const args = ['eval', '--run', runDir, '--decodings', '3', '--points', '6', '--seed', '2', '--json'];
    const wasm = JSON.parse(await on('wasm', args)) as Record<string, number>;
    const webgpu = JSON.parse(await on('webgpu', args)) as Record<string, number>;
    const saved = JSON.parse(await readFile(join(runDir, 'evaluation.json'), 'utf8')) as { metrics: unknown; reconstruction: { decodings: number } };
    expect(saved.metrics).toEqual(webgpu);
    expect(saved.reconstruction.decodings).toBe(4 * 3);
    const { testNll, ...decoded } = webgpu;
    const { testNll: wasmNll, ...wasmDecoded } = wasm;
    expect(Math.abs(testNll! - wasmNll!) / Math.abs(wasmNll!)).toBeLessThan(1e-4);
    expect(decoded).toEqual(wasmDecoded);
  }, 1_200_000);

  it("latent-mode BO's run decoder decodes on webgpu as on wasm", async (context) => {
    if (unavailable !== undefined) context.skip(`webgpu not available: ${unavailable}`);
    const points = [Float64Array.of(0.1, -0.2, 0.3, 0), Float64Array.of(1, 1, -1, 0.5)];
    const decode = async (backend: 'wasm' | 'webgpu') => {
      await initRuntime({ backend });
      return (await loadRunDecoder(runDir))!(points, 3, { seed: 5 });
    };
    const wasm = await decode('wasm');
    expect(await decode('webgpu')).toEqual(wasm);
  }, 1_200_000);
});
