import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Dag, isSameDag } from '@opnas/dag';
import { loadEnasDataset } from '@opnas/enas-data';
import { initRuntime, tf } from '@opnas/runtime';
import { loadRunModel } from '@opnas/train';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opnas } from './opnas.js';
import { PRESETS, type TrainingRecipe, recipeArguments } from './presets.js';

// What the cpu presets' training recipe does, through the same `opnas train` flags the
// reproduction passes (recipeArguments), on 64 graphs and a tiny model.

const recipe = PRESETS.cpu.recipe!;
let scratch: string;
let graphs: Dag[];
beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
  scratch = await mkdtemp(join(tmpdir(), 'opnas-recipe-'));
  // `--subset 64` trains on the first 64 graphs of the reference training split (protocol §1.6).
  graphs = (await loadEnasDataset()).train.slice(0, 64).map((r) => r.dag);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

interface LogLine {
  readonly epoch: number;
  readonly lr: number;
  readonly recon: number;
}

/** Trains D-VAE (hidden 24, latent 16) on the 64 graphs for `epochs`, then decodes every μ greedily. */
async function train(name: string, epochs: number, flags: readonly string[]): Promise<{ accuracy: number; log: LogLine[] }> {
  const out = join(scratch, name);
  const common = ['--model', 'dvae', '--hidden', '24', '--latent', '16', '--subset', '64', '--epochs', String(epochs), '--workers', '1', '--no-latents', '--quiet'];
  await opnas(['train', ...common, ...flags, '--out', out], () => {});
  const log = (await readFile(join(out, 'train-log.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LogLine);
  const { model } = await loadRunModel(out);
  const { mu, logvar } = model.encode(graphs);
  const decoded = model.decode(mu, { stochastic: false });
  tf.dispose([mu, logvar]);
  model.dispose();
  return { accuracy: decoded.filter((d, i) => isSameDag(d, graphs[i]!)).length / graphs.length, log };
}

/** The documented schedule, written out: linear warm-up over the first epoch, then cosine from the peak to `finalFraction` of it at the last step. */
function documentedRate(r: TrainingRecipe, step: number, stepsPerEpoch: number, totalSteps: number): number {
  const warmup = r.warmupEpochs * stepsPerEpoch;
  if (step < warmup) return (r.lr * (step + 1)) / warmup;
  const progress = (step - warmup) / (totalSteps - warmup - 1);
  return r.lr * (r.finalFraction + (1 - r.finalFraction) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

describe("the cpu presets' training recipe", () => {
  it('is warm-up then cosine decay at batch 32, as the preset documents', () => {
    expect(recipe).toMatchObject({ schedule: 'cosine', warmupEpochs: 1, batch: 32 });
    expect(recipe.finalFraction).toBeGreaterThan(0);
  });

  // A 24-wide model takes a higher rate than the presets' 256-wide one: at the presets' own 3e-3
  // it was still at 0 % (reconstruction loss 12.9 nats per graph) after 1,000 steps (measured).
  const tiny: TrainingRecipe = { ...recipe, lr: 1e-2 };
  const epochs = 300; // 2 batches of 32 per epoch: 600 Adam steps

  it('memorises 64 graphs (100 % greedy reconstruction) in 600 steps, where the paper optimiser (lr 1e-4) does not', async () => {
    const fast = await train('recipe', epochs, recipeArguments(tiny));
    const paper = await train('paper', epochs, recipeArguments(PRESETS.paper.recipe));

    // Every epoch starts at the rate of the documented schedule (the log records each epoch's first batch).
    expect(fast.log).toHaveLength(epochs);
    for (const line of fast.log) expect(line.lr).toBeCloseTo(documentedRate(tiny, (line.epoch - 1) * 2, 2, epochs * 2), 12);
    expect(fast.log[1]!.lr).toBeCloseTo(tiny.lr, 12);

    expect(fast.accuracy).toBe(1);
    // The paper's optimiser (lr 1e-4, then ReduceLROnPlateau) is far from memorising after as many steps.
    expect(paper.log[0]!.lr).toBe(1e-4);
    expect(paper.accuracy).toBeLessThan(0.5);
    expect(paper.log.at(-1)!.recon).toBeGreaterThan(4 * fast.log.at(-1)!.recon);
  }, 600_000);
});
