import type { Dag, OperationVocabulary } from '@opnas/dag';
import { ENAS_VOCABULARY, isSameDag } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import { tf } from '@opnas/runtime';
import type { ReferenceParameter, Scalar, Tensor2D, Variable } from '@opnas/runtime';
import { describe, expect, it } from 'vitest';

/** What the conformance suite needs of a model: the `GraphVae` contract of `@opnas/vae`. */
export interface ConformingModel {
  readonly name: string;
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly beta: number;
  encode(graphs: readonly Dag[]): { mu: Tensor2D; logvar: Tensor2D };
  loss(graphs: readonly Dag[], options?: { training?: boolean; random?: PythonRandom }): { loss: Scalar; recon: Scalar; kld: Scalar };
  decode(z: Tensor2D, options?: { stochastic?: boolean; random?: PythonRandom | number }): Dag[];
  variables(): Variable[];
  referenceParameters(): ReferenceParameter[];
  describe(): Record<string, string>;
  dispose(): void;
}

/** Options of {@link describeGraphVae}. */
export interface ConformanceOptions {
  /** Graphs the model must take (valid in its space, within its `maxVertices`). */
  readonly graphs: () => readonly Dag[] | Promise<readonly Dag[]>;
  /** The vocabulary decoded types must come from. Default ENAS's. */
  readonly vocabulary?: OperationVocabulary;
}

/**
 * The contract every graph VAE keeps, as a vitest suite any model (ours or a user's) runs:
 * `create(seed)` builds a small model. Checks shapes, the ELBO identity `loss = recon + β·kld`,
 * that eval-mode losses and decodings are deterministic, that training mode samples noise,
 * decoded graphs start at START, use vocabulary types and go forward, every variable gets a
 * gradient, reference parameters cover the variables exactly once, seeds reproduce the
 * parameters, and nothing leaks tensors.
 */
export function describeGraphVae(name: string, create: (seed: number) => ConformingModel, options: ConformanceOptions): void {
  const vocabulary = options.vocabulary ?? ENAS_VOCABULARY;
  describe(`${name} keeps the GraphVae contract`, () => {
    it('encodes a batch into B × latentSize means and log-variances', async () => {
      const graphs = await options.graphs();
      const model = create(1);
      const before = tf.memory().numTensors;
      const { mu, logvar } = model.encode(graphs);
      expect(mu.shape).toEqual([graphs.length, model.latentSize]);
      expect(logvar.shape).toEqual([graphs.length, model.latentSize]);
      expect([...mu.dataSync(), ...logvar.dataSync()].every(Number.isFinite)).toBe(true);
      tf.dispose([mu, logvar]);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });

    it('loss = recon + β·kld, finite, deterministic in eval mode, noisy in training mode', async () => {
      const graphs = await options.graphs();
      const model = create(1);
      const read = (training: boolean, seed: number) =>
        tf.tidy(() => {
          const l = model.loss(graphs, { training, random: new PythonRandom(seed) });
          return [l.loss, l.recon, l.kld].map((t) => t.dataSync()[0]!);
        });
      const [loss, recon, kld] = read(false, 1);
      expect([loss, recon, kld].every(Number.isFinite)).toBe(true);
      expect(recon).toBeGreaterThan(0);
      expect(loss).toBeCloseTo(recon! + model.beta * kld!, 3);
      expect(read(false, 2)).toEqual(read(false, 1));
      expect(read(true, 3)).toEqual(read(true, 3));
      model.dispose();
    });

    it('every variable gets a gradient from the loss', async () => {
      const graphs = await options.graphs();
      const model = create(1);
      const variables = model.variables();
      const { grads, value } = tf.variableGrads(() => model.loss(graphs).loss, variables);
      const names = Object.keys(grads);
      expect(names.length).toBe(variables.length);
      for (const n of names) expect(grads[n]!.dataSync().every(Number.isFinite)).toBe(true);
      tf.dispose([value, ...Object.values(grads)]);
      model.dispose();
    });

    it('reference parameters cover the variables once; the seed fixes them', () => {
      const a = create(1);
      const b = create(1);
      const c = create(2);
      const size = (p: ReferenceParameter) => p.shape.reduce((x, y) => x * y, 1);
      expect(a.referenceParameters().reduce((s, p) => s + size(p), 0)).toBe(a.variables().reduce((s, v) => s + v.size, 0));
      expect(new Set(a.referenceParameters().map((p) => p.name)).size).toBe(a.referenceParameters().length);
      const values = (m: ConformingModel) => m.referenceParameters().flatMap((p) => Array.from(p.read()));
      expect(values(b)).toEqual(values(a));
      expect(values(c)).not.toEqual(values(a));
      expect(a.describe()['model']).toBe(a.name);
      for (const m of [a, b, c]) m.dispose();
    });

    it('decodes forward-edged graphs of vocabulary types from START, reproducibly', () => {
      const model = create(1);
      const before = tf.memory().numTensors;
      const z = tf.randomNormal([6, model.latentSize], 0, 1, 'float32', 5) as Tensor2D;
      const greedy = model.decode(z, { stochastic: false });
      const again = model.decode(z, { stochastic: false });
      const sampled = model.decode(z, { stochastic: true, random: 3 });
      const sampledAgain = model.decode(z, { stochastic: true, random: 3 });
      z.dispose();
      expect(tf.memory().numTensors).toBe(before);
      greedy.forEach((g, i) => expect(isSameDag(g, again[i]!)).toBe(true));
      sampled.forEach((g, i) => expect(isSameDag(g, sampledAgain[i]!)).toBe(true));
      for (const g of [...greedy, ...sampled]) {
        expect(g.types.length).toBeGreaterThanOrEqual(2);
        expect(g.types.length).toBeLessThanOrEqual(model.maxVertices);
        expect(g.types[0]).toBe(vocabulary.start);
        g.types.forEach((t) => expect(t >= 0 && t < vocabulary.names.length).toBe(true));
        g.inMasks.forEach((m, v) => expect(m >>> v).toBe(0));
      }
      model.dispose();
    });
  });
}
