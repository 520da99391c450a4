/**
 * Training-epoch speed at the paper's settings (protocol §4.1): hs 501, nz 56, batch 32 real ENAS
 * graphs in the reference's first-epoch order, data-parallel over 1 and 2 worker threads
 * (`@opnas/train`'s trainModel: shard gradients, summed, one Adam step with PyTorch's update).
 * Times `--batches` batches after `--warmup` and extrapolates to the 535 batches of an epoch
 * (17,118 graphs); pass `--batches 535 --warmup 0` for a measured full epoch. With
 * `--windows 50,200` it times every batch from the first and prints batches 1–50 (warm-up) and
 * 51–200 (steady state) separately, each with the load average at its end.
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/train-epoch.bench.ts \
 *     [--batches 40] [--warmup 5] [--windows 50,200] [--workers 1,2] [--models dvae]
 *
 * Writes benchmarks/results/train-epoch.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnasDataset } from '@opnas/enas-data';
import { initRuntime } from '@opnas/runtime';
import { PAPER_ADAM, WorkerPool, parameterLayout, readVariables, trainModel } from '@opnas/train';
import { PythonRandom } from '@opnas/rng';
import { createModel } from '@opnas/vae';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const windows = option('windows')?.split(',').map(Number);
if (windows !== undefined && (windows.length !== 2 || !windows.every((w) => Number.isInteger(w) && w > 0) || windows[0]! >= windows[1]!)) {
  throw new Error(`--windows takes two batch counts, the first smaller (e.g. 50,200), got ${option('windows')}`);
}
const batches = windows?.[1] ?? Number(option('batches') ?? 40);
const warmup = windows === undefined ? Number(option('warmup') ?? 5) : 0;
const workerCounts = (option('workers') ?? '1,2').split(',').map(Number);
const models = (option('models') ?? 'dvae').split(',');
const EPOCH_BATCHES = Math.ceil(17_118 / 32);

const here = dirname(fileURLToPath(import.meta.url));
const dataset = await loadEnasDataset({ path: process.env['OPNAS_ENAS_DATA'] ?? resolve(here, '../../shared/data/enas/final_structures6.txt') });
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
await initRuntime();
console.log(`train-epoch benchmark: hs 501, nz 56, batch 32; ${warmup} warm-up + ${batches} timed batches, extrapolated to ${EPOCH_BATCHES} batches`);
console.log(`cpu ${cpus()[0]?.model} × ${cpus().length}; load before ${load()}`);

const results: Record<string, unknown>[] = [];
for (const model of models) {
  for (const workers of workerCounts) {
    const controller = new AbortController();
    const times: number[] = [];
    const cpuTimes: number[] = [];
    // The load average when each batch ended, for the windows.
    const loads: number[] = [];
    let last = 0;
    let lastCpu = process.cpuUsage();
    const loadStart = loadavg()[0];
    const wall = performance.now();
    await trainModel({
      model,
      graphs: dataset.train.map((r) => r.dag),
      epochs: 1,
      workers,
      signal: controller.signal,
      onBatch: (p) => {
        times.push(p.seconds - last);
        last = p.seconds;
        const cpu = process.cpuUsage();
        cpuTimes.push((cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1e6);
        loads.push(loadavg()[0]!);
        lastCpu = cpu;
        if (p.batch >= warmup + batches) controller.abort();
      },
    }).then((r) => r.model.dispose());
    const timed = times.slice(warmup).sort((a, b) => a - b);
    const median = timed[Math.floor(timed.length / 2)]!;
    const mean = timed.reduce((s, t) => s + t, 0) / timed.length;
    const cpuMean = cpuTimes.slice(warmup).reduce((s, t) => s + t, 0) / timed.length;
    const row = {
      model,
      workers,
      // CPU seconds of all threads per batch: on an idle machine the workers run in parallel, so
      // wall ≈ CPU / workers (the main thread only waits); under load, wall is larger.
      cpuSecondsPerBatch: cpuMean,
      idleEpochMinutesEstimate: ((cpuMean / workers) * EPOCH_BATCHES) / 60,
      medianSecondsPerBatch: median,
      meanSecondsPerBatch: mean,
      epochMinutesFromMean: (mean * EPOCH_BATCHES) / 60,
      measuredBatches: timed.length,
      wallSeconds: (performance.now() - wall) / 1000,
      load: [loadStart, ...loadavg()],
    };
    if (windows !== undefined) {
      const [first, end] = windows as [number, number];
      const window = (from: number, to: number) => {
        const t = times.slice(from, to);
        const sorted = [...t].sort((a, b) => a - b);
        return {
          batches: `${from + 1}–${to}`,
          meanSecondsPerBatch: t.reduce((a, b) => a + b, 0) / t.length,
          medianSecondsPerBatch: sorted[Math.floor(sorted.length / 2)]!,
          cpuSecondsPerBatch: cpuTimes.slice(from, to).reduce((a, b) => a + b, 0) / t.length,
          loadAtEnd: loads[to - 1]!,
        };
      };
      const rows = [window(0, first), window(first, end)];
      Object.assign(row, { windows: rows });
      for (const w of rows) {
        console.log(
          `   batches ${w.batches}: mean ${w.meanSecondsPerBatch.toFixed(3)} s/batch, median ${w.medianSecondsPerBatch.toFixed(3)}, CPU ${w.cpuSecondsPerBatch.toFixed(3)} s/batch; 1-min load ${w.loadAtEnd.toFixed(2)} at its end`,
        );
      }
    }
    // Where a batch's time goes, from the pool directly (same calls as the trainer makes).
    const main = createModel(model, { seed: 1 });
    const layout = parameterLayout(main.variables());
    const pool = await WorkerPool.start({ model, modelOptions: { seed: 1 }, layout, workers });
    readVariables(main.variables(), layout, pool.weights);
    pool.weightsChanged();
    const graphs = dataset.train.map((r) => r.dag);
    await pool.setGraphs(graphs);
    const order = graphs.map((_, i) => i);
    new PythonRandom(1).shuffle(order);
    const parts = { gradientWall: 0, adamWall: 0, load: 0, compute: 0, extract: 0 };
    const profiled = 12;
    for (let b = 0; b < 3 + profiled; b++) {
      const t0 = performance.now();
      const losses = await pool.gradient(order.slice(b * 32, b * 32 + 32), new PythonRandom(7).getState(), 56);
      const t1 = performance.now();
      await pool.adamStep(b + 1, 1e-4, PAPER_ADAM);
      const t2 = performance.now();
      if (b < 3) continue;
      parts.gradientWall += (t1 - t0) / 1000 / profiled;
      parts.adamWall += (t2 - t1) / 1000 / profiled;
      const slowest = losses.workerSeconds.reduce((a, w) => (w.load + w.compute + w.extract > a.load + a.compute + a.extract ? w : a));
      parts.load += slowest.load / profiled;
      parts.compute += slowest.compute / profiled;
      parts.extract += slowest.extract / profiled;
    }
    await pool.close();
    main.dispose();
    Object.assign(row, { breakdown: parts });
    console.log(
      `   per batch: gradient ${parts.gradientWall.toFixed(3)} s (slowest worker: load weights ${parts.load.toFixed(3)}, forward+backward ${parts.compute.toFixed(3)}, copy gradient ${parts.extract.toFixed(3)}), Adam ${parts.adamWall.toFixed(3)} s`,
    );
    results.push(row);
    console.log(
      `${model.padEnd(9)} ${workers} worker(s): median ${median.toFixed(3)} s/batch, mean ${mean.toFixed(3)} → ${row.epochMinutesFromMean.toFixed(2)} min/epoch (extrapolated from ${timed.length} batches); CPU ${cpuMean.toFixed(3)} s/batch → idle-machine estimate ${row.idleEpochMinutesEstimate.toFixed(2)} min/epoch; load ${load()}`,
    );
  }
}
const out = join(here, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'train-epoch.json'),
  `${JSON.stringify({ date: new Date().toISOString(), cpu: cpus()[0]?.model, batches, warmup, reference: '8–10 min/epoch (0.87–1.18 s/batch), Python on this machine', results }, null, 2)}\n`,
);
