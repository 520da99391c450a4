/**
 * Backend conformance (tfjs's `describeWithFlags` idea): each model's loss, gradients and
 * decodes on every other backend against the wasm backend, on small graphs at tiny widths.
 *
 * Which backends: `OPNAS_CONFORMANCE_BACKENDS` (comma-separated; each listed one must be
 * available, or its tests fail with the runtime's error saying what is missing), else `cpu`
 * and `webgpu` when an adapter is found (skipped, with the reason, when not). CI runs it with
 * `OPNAS_CONFORMANCE_BACKENDS=webgpu` on SwiftShader (see docs/guides/gpu.md).
 *
 * Tolerances: losses within relative 1e-4; each parameter's gradient within 1e-4 of its largest
 * entry (the backends sum in different orders); decodes identical for a fixed generator. A
 * decode draws `u < p` against the same uniform numbers, so a difference could only come from a
 * probability within float rounding of a draw, which these seeds do not hit.
 */
import type { Dag } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import { initRuntime, tf } from '@opnas/runtime';
import type { BackendName, Scalar } from '@opnas/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEnasGraphs } from '@opnas/testing';
import type { GraphVae } from './graph-vae.js';
import { createModel, modelNames } from './model-registry.js';

const MODELS = ['dvae', 'dvae-emb', 'gcn', 'gcn-emb', 'svae', 'graphrnn'];
const SIZES = { hiddenSize: 12, latentSize: 4, seed: 5 };
const graphs = readEnasGraphs(4, 300);
// Latent points to decode: spread over a few units, where decodes differ from row to row.
const LATENTS = Float32Array.from({ length: 6 * SIZES.latentSize }, (_, i) => 1.5 * Math.sin(1.7 * i + 0.3));

const listed = process.env['OPNAS_CONFORMANCE_BACKENDS'];
const backends = (listed ?? 'cpu,webgpu')
  .split(',')
  .map((b) => b.trim())
  .filter((b) => b !== '') as BackendName[];

/** What one backend computes for a model, read back as plain numbers. */
interface Measured {
  readonly eval: { loss: number; recon: number; kld: number };
  readonly training: { loss: number; recon: number; kld: number };
  readonly grads: Float32Array[];
  readonly stochastic: string[];
  readonly deterministic: string[];
}

const key = (d: Dag) => `${d.types.join('')}|${d.inMasks.join(',')}`;

async function scalars(terms: { loss: Scalar; recon: Scalar; kld: Scalar }): Promise<{ loss: number; recon: number; kld: number }> {
  const [loss, recon, kld] = await Promise.all([terms.loss.data(), terms.recon.data(), terms.kld.data()]);
  tf.dispose([terms.loss, terms.recon, terms.kld]);
  return { loss: loss[0]!, recon: recon[0]!, kld: kld[0]! };
}

/** Every measurement with asynchronous reads only (what webgpu allows), on the running backend. */
async function measure(name: string): Promise<Measured> {
  const model: GraphVae = createModel(name, SIZES);
  try {
    const evalTerms = tf.tidy(() => {
      const l = model.loss(graphs, { training: false });
      return { loss: l.loss, recon: l.recon, kld: l.kld };
    });
    const ev = await scalars(evalTerms);
    // Training mode (the reparameterisation noise from the same seeded generator), and its gradient.
    const variables = model.variables();
    let recon: Scalar | undefined;
    let kld: Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const l = model.loss(graphs, { training: true, random: new PythonRandom(11) });
      recon = tf.keep(l.recon);
      kld = tf.keep(l.kld);
      return l.loss;
    }, variables);
    const gradValues = await Promise.all(variables.map(async (v) => (grads[v.name] === undefined ? new Float32Array(v.size) : ((await grads[v.name]!.data()) as Float32Array))));
    tf.dispose(Object.values(grads));
    const training = await scalars({ loss: value, recon: recon!, kld: kld! });
    const z = tf.tensor2d(LATENTS, [LATENTS.length / SIZES.latentSize, SIZES.latentSize]);
    try {
      const stochastic = (await model.decodeAsync!(z, { stochastic: true, random: new PythonRandom(23) })).map(key);
      const deterministic = (await model.decodeAsync!(z, { stochastic: false })).map(key);
      return { eval: ev, training, grads: gradValues, stochastic, deterministic };
    } finally {
      z.dispose();
    }
  } finally {
    model.dispose();
  }
}

function expectRelativeClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs wasm ${expected}`).toBeLessThanOrEqual(1e-4 * Math.max(Math.abs(expected), 1e-6));
}

const reference = new Map<string, Measured>();

beforeAll(async () => {
  expect(modelNames()).toEqual(expect.arrayContaining(MODELS));
  await initRuntime({ backend: 'wasm' });
  for (const name of MODELS) reference.set(name, await measure(name));
}, 300_000);

describe('the wasm reference itself', () => {
  it('differs between models and between stochastic and deterministic decodes (the comparisons below can fail)', () => {
    const losses = MODELS.map((m) => reference.get(m)!.eval.loss);
    expect(new Set(losses).size).toBe(MODELS.length);
    expect(MODELS.some((m) => reference.get(m)!.stochastic.join() !== reference.get(m)!.deterministic.join())).toBe(true);
    for (const m of MODELS)
      expect(
        reference.get(m)!.grads.some((g) => g.some((x) => x !== 0)),
        m,
      ).toBe(true);
  });
});

for (const backend of backends) {
  describe(`backend ${backend} against wasm`, () => {
    let unavailable: string | undefined;
    beforeAll(async () => {
      try {
        await initRuntime({ backend });
      } catch (error) {
        // A listed backend must run; an unlisted default is skipped with the reason.
        if (listed !== undefined) throw error;
        unavailable = (error as Error).message;
      }
    }, 120_000);

    for (const name of MODELS) {
      it(`${name}: losses, gradients and decodes`, async (context) => {
        if (unavailable !== undefined) context.skip(`${backend} not available: ${unavailable}`);
        await initRuntime({ backend });
        expect(tf.getBackend()).toBe(backend);
        const got = await measure(name);
        const want = reference.get(name)!;
        for (const mode of ['eval', 'training'] as const) {
          for (const term of ['loss', 'recon', 'kld'] as const) expectRelativeClose(got[mode][term], want[mode][term], `${name} ${mode} ${term}`);
        }
        expect(got.grads.length).toBe(want.grads.length);
        want.grads.forEach((w, i) => {
          const g = got.grads[i]!;
          let scale = 0;
          let diff = 0;
          for (let k = 0; k < w.length; k++) {
            scale = Math.max(scale, Math.abs(w[k]!));
            diff = Math.max(diff, Math.abs(g[k]! - w[k]!));
          }
          expect(diff, `${name} gradient of parameter ${i} (largest entry ${scale})`).toBeLessThanOrEqual(1e-4 * scale + 1e-9);
        });
        expect(got.stochastic).toEqual(want.stochastic);
        expect(got.deterministic).toEqual(want.deterministic);
      }, 600_000);
    }
  });
}
