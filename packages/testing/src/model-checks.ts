/**
 * Checks shared by the S-VAE and GraphRNN tests: closed-form losses, structural validity of
 * decoded graphs, and the overfitting run.
 */
import { ENAS_VOCABULARY, isSameDag } from '@opnas/dag';
import type { Dag } from '@opnas/dag';
import { loadEnasDataset } from '@opnas/enas-data';
import type { PythonRandom } from '@opnas/rng';
import { tf } from '@opnas/runtime';
import type { ReferenceParameter, Scalar, Tensor2D, Variable } from '@opnas/runtime';
import { expect } from 'vitest';

/** What the checks need of a model (any GraphVae). */
export interface CheckedModel {
  readonly latentSize: number;
  readonly beta: number;
  encode(graphs: readonly Dag[]): { mu: Tensor2D; logvar: Tensor2D };
  loss(graphs: readonly Dag[], options?: { training?: boolean; random?: PythonRandom }): { loss: Scalar; recon: Scalar; kld: Scalar };
  decode(z: Tensor2D, options?: { stochastic?: boolean; random?: PythonRandom | number }): Dag[];
  variables(): Variable[];
  referenceParameters(): ReferenceParameter[];
  dispose(): void;
}

const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/**
 * Sets every parameter to zero except the given ones. With zero weights every GRU state and
 * hidden layer is 0, so the type logits equal the output bias, every edge logit the edge
 * output bias, μ = fc1.bias and log σ² = fc2.bias: the loss has a closed form.
 */
export function zeroExcept(model: CheckedModel, values: Readonly<Record<string, readonly number[]>>): void {
  for (const p of model.referenceParameters()) {
    const given = values[p.name];
    p.write(given === undefined ? new Float32Array(p.shape.reduce((a, b) => a * b, 1)) : Float32Array.from(given));
  }
}

/**
 * The closed-form loss of a batch when the type logits are `typeBias` for every decision and
 * the logit of "edge k → t" is `edgeBias(k)`: Σ_decisions (logsumexp(c) − c_type) +
 * Σ_edge-decisions softplus(∓logit) + β·KLD with μ = m, log σ² = l for every graph.
 * `decisions(g)` lists each graph's type decisions and edge decisions (source k, target t, truth).
 */
export function closedFormLoss(
  graphs: readonly Dag[],
  decisions: (g: Dag) => { types: number[]; edges: { source: number; truth: boolean }[] },
  typeBias: readonly number[],
  edgeBias: (source: number) => number,
  mu: readonly number[],
  logvar: readonly number[],
  beta: number,
): { recon: number; kld: number; loss: number } {
  const max = Math.max(...typeBias);
  const lse = max + Math.log(typeBias.reduce((s, c) => s + Math.exp(c - max), 0));
  let recon = 0;
  for (const g of graphs) {
    const d = decisions(g);
    for (const t of d.types) recon += lse - typeBias[t]!;
    for (const e of d.edges) recon += e.truth ? softplus(-edgeBias(e.source)) : softplus(edgeBias(e.source));
  }
  const kld = -0.5 * graphs.length * mu.reduce((s, m, i) => s + 1 + logvar[i]! - m * m - Math.exp(logvar[i]!), 0);
  return { recon, kld, loss: recon + beta * kld };
}

/** The S-VAE / GraphRNN decisions of a graph: 7 types (rows 1..7) and all 7 × 7 bits. */
export function sequenceDecisions(g: Dag, maxVertices = 8): { types: number[]; edges: { source: number; truth: boolean }[] } {
  const types: number[] = [];
  const edges: { source: number; truth: boolean }[] = [];
  for (let v = 1; v < maxVertices; v++) {
    types.push(g.types[v]!);
    for (let k = 0; k < maxVertices - 1; k++) edges.push({ source: k, truth: ((g.inMasks[v]! >>> k) & 1) === 1 });
  }
  return { types, edges };
}

/** Multiplies every parameter by `scale` (small random weights from the default initialisation). */
export function scaleParameters(model: CheckedModel, scale: number): void {
  for (const p of model.referenceParameters()) p.write(p.read().map((v) => v * scale));
}

/**
 * Structural validity of decoded graphs on the ENAS vocabulary: every type is a vocabulary id,
 * vertex 0 is START and no other vertex is, a graph ends at its first END (forced at vertex
 * max_n−1), every edge goes forward, and the END vertex's in-neighbours are exactly the earlier
 * vertices without successors (the loose-end rule).
 */
export function expectStructurallyValid(graphs: readonly Dag[], maxVertices = 8): void {
  const { start, end } = ENAS_VOCABULARY;
  for (const g of graphs) {
    const n = g.types.length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(maxVertices);
    expect(g.types[0]).toBe(start);
    g.types.forEach((t) => expect(t >= 0 && t < ENAS_VOCABULARY.names.length).toBe(true));
    g.types.slice(0, -1).forEach((t) => expect(t).not.toBe(end));
    if (g.types[n - 1] !== end) expect(n).toBe(maxVertices);
    g.inMasks.forEach((m, v) => expect(m >>> v).toBe(0));
    if (g.types[n - 1] === end) {
      let used = 0;
      for (let v = 0; v < n - 1; v++) used |= g.inMasks[v]!;
      const loose = Array.from({ length: n - 1 }, (_, u) => u).filter((u) => ((used >>> u) & 1) === 0);
      expect(Array.from({ length: n - 1 }, (_, u) => u).filter((u) => (g.inMasks[n - 1]! >>> u) & 1)).toEqual(loose);
    }
  }
}

/** The first 64 graphs of the reference training split (protocol §1.6). */
export async function firstTrainingGraphs(count = 64): Promise<Dag[]> {
  const dataset = await loadEnasDataset();
  return dataset.train.slice(0, count).map((r) => r.dag);
}

/**
 * Full-batch Adam on the graphs until greedy decoding of μ gives back every graph, or
 * `maxSteps`. Returns the steps taken, the accuracy and the last decodings. (Everything is
 * seeded, so a run is reproducible.)
 */
export function overfit(
  model: CheckedModel,
  graphs: readonly Dag[],
  options: { readonly learningRate?: number; readonly beta2?: number; readonly maxSteps?: number } = {},
): { steps: number; accuracy: number; decoded: Dag[] } {
  const maxSteps = options.maxSteps ?? 600;
  const optimizer = tf.train.adam(options.learningRate ?? 0.01, 0.9, options.beta2 ?? 0.999);
  const variables = model.variables();
  let accuracy = 0;
  let steps = 0;
  let decoded: Dag[] = [];
  while (steps < maxSteps && accuracy < 1) {
    for (let k = 0; k < 25; k++) optimizer.minimize(() => model.loss(graphs).loss, false, variables);
    steps += 25;
    const { mu, logvar } = model.encode(graphs);
    decoded = model.decode(mu, { stochastic: false });
    tf.dispose([mu, logvar]);
    accuracy = decoded.filter((d, i) => isSameDag(d, graphs[i]!)).length / graphs.length;
  }
  optimizer.dispose();
  return { steps, accuracy, decoded };
}
