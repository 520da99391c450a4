/**
 * How the sparse GP's training settings fit generic data: the paper's defaults (lr 5e-4,
 * 100 epochs, tuned for VAE latents) against lr 1e-2 with 500 epochs, on a synthetic 8-d
 * regression problem. The numbers are quoted in the @opnas/sgp README.
 *
 *   node --conditions=@opnas/source --import tsx benchmarks/sgp-tuning.bench.ts [--seeds 3]
 *
 * Problem: x ~ U(−1, 1)⁸, y = sin(3x₀) + x₁² − x₂x₃ + 0.5·cos(2x₄) + 0.3·x₅ + N(0, 0.1²),
 * standardised with the training mean and sd; 1,000 training and 500 test points; M = 100
 * inducing points, minibatch 1,000. Prints RMSE (standardised units), the fit's final energy
 * per point, the share of its energy gain in the last tenth of epochs and `stillImproving`, per setting and seed.
 */
import { loadavg } from 'node:os';
import { PythonRandom } from '@opnas/rng';
import { SparseGp, disposeLinalgThreads, rootMeanSquaredError } from '@opnas/sgp';

const seedsArg = process.argv.indexOf('--seeds');
const seeds = seedsArg >= 0 ? Number(process.argv[seedsArg + 1]) : 3;
const D = 8;

function problem(n: number, random: PythonRandom): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(n * D);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < D; d++) x[i * D + d] = 2 * random.random() - 1;
    const r = x.subarray(i * D, i * D + D);
    y[i] = Math.sin(3 * r[0]!) + r[1]! ** 2 - r[2]! * r[3]! + 0.5 * Math.cos(2 * r[4]!) + 0.3 * r[5]! + random.gauss(0, 0.1);
  }
  return { x, y };
}

const random = new PythonRandom(7);
const train = problem(1000, random);
const test = problem(500, random);
const mean = train.y.reduce((a, b) => a + b, 0) / train.y.length;
const sd = Math.sqrt(train.y.reduce((a, b) => a + (b - mean) ** 2, 0) / train.y.length);
const scale = (y: Float64Array) => y.map((v) => (v - mean) / sd);
const yTrain = scale(train.y);
const yTest = scale(test.y);

const settings = [
  { name: 'defaults (lr 5e-4, 100 epochs)', options: {} },
  { name: 'lr 5e-4, 500 epochs', options: { epochs: 500 } },
  { name: 'lr 1e-2, 500 epochs', options: { learningRate: 1e-2, epochs: 500 } },
] as const;

console.log(
  `load before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
console.log('| setting | seed | test RMSE | final energy / point | share of gain in last tenth | stillImproving | seconds |');
console.log('|---|---|---|---|---|---|---|');
for (const { name, options } of settings) {
  const rmses: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const gp = new SparseGp({ seed, inducingPoints: 100, ...options });
    const summary = await gp.fit({ rows: 1000, cols: D, data: train.x }, yTrain);
    const rmse = rootMeanSquaredError(gp.predict({ rows: 500, cols: D, data: test.x }).mean, yTest);
    rmses.push(rmse);
    console.log(
      `| ${name} | ${seed} | ${rmse.toFixed(3)} | ${summary.lastEpochEnergyPerPoint.toFixed(4)} | ${summary.recentShareOfGain?.toFixed(3)} | ${summary.stillImproving} | ${summary.seconds.toFixed(1)} |`,
    );
  }
  console.log(`| ${name} | mean | ${(rmses.reduce((a, b) => a + b, 0) / rmses.length).toFixed(3)} | | | | |`);
}
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
disposeLinalgThreads();
