// Safetensors and latents I/O at opnas sizes: a 6.94 M-parameter model (the reference DVAE) and a
// paper-sized latents file (17,118 + 1,902 rows × 56). Run: pnpm bench benchmarks/safetensors.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLatents, writeLatents } from '@opnas/latents';
import { type TensorEntry, readSafetensorsFile, writeSafetensorsFile } from '@opnas/safetensors';

const dir = await mkdtemp(join(tmpdir(), 'opnas-bench-st-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = async (f: () => Promise<unknown>, n = 7) => {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    xs.push(performance.now() - t);
  }
  return median(xs);
};
try {
  const tensors: Record<string, TensorEntry> = {};
  // 6,937,969 parameters in 30 tensors, roughly the DVAE's layout.
  for (let i = 0; i < 30; i++) tensors[`block${i}.weight`] = { dtype: 'F32', shape: [231_265], data: new Float32Array(231_265).fill(i) };
  tensors['tail'] = { dtype: 'F32', shape: [19], data: new Float32Array(19) };
  const model = join(dir, 'model.safetensors');
  const writeModel = await time(() => writeSafetensorsFile(model, tensors));
  const readModel = await time(() => readSafetensorsFile(model));
  const split = (count: number) => ({
    count,
    dim: 56,
    mu: Float32Array.from({ length: count * 56 }, (_, i) => Math.sin(i)),
    accuracy: new Float64Array(count).fill(0.73),
    index: Int32Array.from({ length: count }, (_, i) => i),
  });
  const latents = join(dir, 'latents.safetensors');
  const file = { train: split(17_118), test: split(1_902), metadata: { model: 'bench' } };
  const writeLat = await time(() => writeLatents(latents, file));
  const readLat = await time(() => readLatents(latents));
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.table({
    'write 6.94 M-parameter model (27.8 MB)': { ms: writeModel.toFixed(1) },
    'read 6.94 M-parameter model': { ms: readModel.toFixed(1) },
    'write latents 19,020 × 56': { ms: writeLat.toFixed(1) },
    'read latents 19,020 × 56': { ms: readLat.toFixed(1) },
  });
} finally {
  await rm(dir, { recursive: true, force: true });
}
