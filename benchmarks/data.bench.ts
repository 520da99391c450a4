// Data-layer figures: generator throughput, the reference shuffle, loading + splitting the ENAS
// file, and hashing every graph. Run: pnpm bench benchmarks/data.bench.ts
import { loadEnasDataset } from '@opnas/enas-data';
import { dagKey } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import { loadavg } from 'node:os';

const path = process.env.OPNAS_ENAS_DATA ?? new URL('../../shared/data/enas/final_structures6.txt', import.meta.url).pathname;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rng = new PythonRandom(1);
let t = performance.now();
let sink = 0;
for (let i = 0; i < 1e7; i++) sink += rng.nextUint32();
const uintPerSecond = 1e7 / ((performance.now() - t) / 1000);

const shuffles: number[] = [];
for (let k = 0; k < 20; k++) {
  const items = [...Array(19_020).keys()];
  t = performance.now();
  new PythonRandom(0).shuffle(items);
  shuffles.push(performance.now() - t);
}

const loads: number[] = [];
const keys: number[] = [];
for (let k = 0; k < 7; k++) {
  t = performance.now();
  const data = await loadEnasDataset({ path });
  loads.push(performance.now() - t);
  t = performance.now();
  sink += new Set(data.records.map((r) => dagKey(r.dag))).size;
  keys.push(performance.now() - t);
}
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (${sink > 0 ? 'ok' : ''})`,
);
console.table({
  'PythonRandom.nextUint32': { value: `${(uintPerSecond / 1e6).toFixed(0)} M/s` },
  'shuffle 19,020 (median of 20)': { value: `${median(shuffles).toFixed(2)} ms` },
  'load + parse + split 20,020 lines (median of 7)': { value: `${median(loads).toFixed(0)} ms` },
  'dagKey of 20,020 graphs (median of 7)': { value: `${median(keys).toFixed(1)} ms` },
});
