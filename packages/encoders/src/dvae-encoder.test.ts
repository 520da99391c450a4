import { createDag, dagFromEdges } from '@opnas/dag';
import type { Dag } from '@opnas/dag';
import { OneHotEncoding, OperationEmbedding } from '@opnas/op-embed';
import { SeededInitialiser, initRuntime, initialiseParameters, tf, variableGradientCheck } from '@opnas/runtime';
import type { Scalar } from '@opnas/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { DvaeEncoder } from './dvae-encoder.js';
import { plainEncode, readEnasGraphs, stateDict } from '@opnas/testing';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

function build(options: { bidirectional?: boolean; embedding?: boolean; seed?: number; hiddenSize?: number } = {}): DvaeEncoder {
  const encoding = options.embedding ? new OperationEmbedding({ seed: 3 }) : new OneHotEncoding();
  const encoder = new DvaeEncoder({ hiddenSize: options.hiddenSize ?? 12, latentSize: 5, bidirectional: options.bidirectional ?? true, encoding });
  initialiseParameters(encoder.referenceParameters(), new SeededInitialiser(options.seed ?? 1));
  return encoder;
}

function expectClose(actual: number[][], expected: number[][], relative: number): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...expected.flat().map(Math.abs));
  actual.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - expected[i]![j]!)).toBeLessThan(relative * scale)));
}

function compareWithPlain(encoder: DvaeEncoder, graphs: Dag[]): void {
  const sd = stateDict(encoder.referenceParameters());
  const table = encoder.encoding.table().arraySync() as number[][];
  const { mu, logvar } = encoder.encode(graphs);
  const plain = graphs.map((g) => plainEncode(sd, g, { hiddenSize: encoder.hiddenSize, maxVertices: 8, bidirectional: encoder.bidirectional, table }));
  expectClose(
    mu.arraySync(),
    plain.map((p) => p.mu),
    1e-5,
  );
  expectClose(
    logvar.arraySync(),
    plain.map((p) => p.logvar),
    1e-5,
  );
  tf.dispose([mu, logvar]);
}

describe('DvaeEncoder', () => {
  const enas = readEnasGraphs(12);

  it('matches the plain step-by-step encoder on ENAS graphs (bidirectional, one-hot)', () => {
    const encoder = build();
    compareWithPlain(encoder, enas);
    encoder.dispose();
  });

  it('matches it unidirectionally and with a learnable embedding', () => {
    const uni = build({ bidirectional: false, seed: 2 });
    compareWithPlain(uni, enas.slice(0, 5));
    uni.dispose();
    const emb = build({ embedding: true, seed: 4 });
    compareWithPlain(emb, enas.slice(5));
    emb.dispose();
  });

  it('handles graphs of different sizes in one batch (each graph uses its own last vertex)', () => {
    const small = dagFromEdges(
      [0, 3, 1],
      [
        [0, 1],
        [1, 2],
        [0, 2],
      ],
    );
    const single = createDag([0], [0]);
    const encoder = build({ seed: 5 });
    compareWithPlain(encoder, [enas[0]!, small, single, enas[1]!]);
    encoder.dispose();
  });

  it('has PyTorch shapes under the reference names (protocol §12)', () => {
    const encoder = new DvaeEncoder({ hiddenSize: 10, latentSize: 4 });
    const shapes = Object.fromEntries(encoder.referenceParameters().map((p) => [p.name, p.shape]));
    expect(shapes).toEqual({
      'grue_forward.weight_ih': [30, 8],
      'grue_forward.weight_hh': [30, 10],
      'grue_forward.bias_ih': [30],
      'grue_forward.bias_hh': [30],
      'grue_backward.weight_ih': [30, 8],
      'grue_backward.weight_hh': [30, 10],
      'grue_backward.bias_ih': [30],
      'grue_backward.bias_hh': [30],
      'fc1.weight': [4, 10],
      'fc1.bias': [4],
      'fc2.weight': [4, 10],
      'fc2.bias': [4],
      'gate_forward.0.weight': [10, 18],
      'gate_forward.0.bias': [10],
      'mapper_forward.0.weight': [10, 18],
      'gate_backward.0.weight': [10, 18],
      'gate_backward.0.bias': [10],
      'mapper_backward.0.weight': [10, 18],
      'hg_unify.0.weight': [10, 20],
      'hg_unify.0.bias': [10],
    });
    encoder.dispose();
  });

  it('gradients of μ and log σ² match finite differences (embedding, gates, GRU weights)', () => {
    const encoder = build({ embedding: true, hiddenSize: 6, seed: 6 });
    const graphs = enas.slice(0, 3);
    const loss = () =>
      tf.tidy(() => {
        const { mu, logvar } = encoder.encode(graphs);
        return tf.add(tf.sum(tf.sin(mu)), tf.sum(tf.square(logvar))) as Scalar;
      });
    const variables = [encoder.encoding.variables()[0]!, encoder.gatedBackward!.indexWeight, encoder.gruForward.weightHh, encoder.hgUnify!.bias!];
    const check = variableGradientCheck(loss, variables, { maxEntries: 10 });
    expect(check.entries.length).toBeGreaterThan(30);
    expect(check.maxError).toBeLessThan(1e-2);
    encoder.dispose();
  });

  it('rejects graphs it cannot encode, naming graph and edge', () => {
    const encoder = new DvaeEncoder({ hiddenSize: 4, latentSize: 2 });
    expect(() => encoder.encode([])).toThrow('@opnas/encoders: graphs must not be empty');
    expect(() => encoder.encode([enas[0]!, createDag([0, 9], [0, 1])])).toThrow('graphs[1] vertex 1 has type 9; this model takes 0..7');
    expect(() => encoder.encode([createDag([0, 2, 1], [4, 0, 1])])).toThrow('graphs[0] has the edge 2→0 against the vertex order');
    expect(() => encoder.encode([createDag(new Array(9).fill(2), new Array(9).fill(0))])).toThrow('graphs[0] has 9 vertices; this model takes 1..8');
    encoder.dispose();
  });
});
