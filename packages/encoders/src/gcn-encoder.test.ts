import { createDag, dagFromEdges } from '@opnas/dag';
import type { Dag } from '@opnas/dag';
import { OperationEmbedding } from '@opnas/op-embed';
import { SeededInitialiser, gradientCheck, initRuntime, initialiseParameters, tf } from '@opnas/runtime';
import type { Scalar, Tensor, Tensor1D, Tensor2D } from '@opnas/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { GcnEncoder } from './gcn-encoder.js';
import { gcnLevel, gcnNeighbourhoods } from './gcn-level.js';
import type { GcnNeighbourhoods, GcnUpdate } from './gcn-level.js';
import { plainGcnEncode } from '@opnas/testing';
import { readEnasGraphs, stateDict } from '@opnas/testing';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

function build(options: { update?: GcnUpdate; embedding?: boolean; seed?: number; hiddenSize?: number; levels?: number } = {}): GcnEncoder {
  // A one-hot encoding is owned by the encoder; an embedding is the caller's (see release).
  const encoder = new GcnEncoder({
    hiddenSize: options.hiddenSize ?? 12,
    latentSize: 5,
    update: options.update ?? 'in-place',
    levels: options.levels ?? 3,
    ...(options.embedding ? { encoding: new OperationEmbedding({ seed: 3 }) } : {}),
  });
  initialiseParameters(encoder.referenceParameters(), new SeededInitialiser(options.seed ?? 1));
  return encoder;
}

function compareWithPlain(encoder: GcnEncoder, graphs: Dag[]): void {
  const sd = stateDict(encoder.referenceParameters());
  const table = encoder.encoding.table().arraySync() as number[][];
  const { mu, logvar } = encoder.encode(graphs);
  const plain = graphs.map((g) => plainGcnEncode(sd, g, encoder.levels.length, table, encoder.update));
  const check = (actual: number[][], expected: number[][]) => {
    const scale = Math.max(...expected.flat().map(Math.abs));
    actual.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - expected[i]![j]!)).toBeLessThan(1e-5 * scale)));
  };
  check(
    mu.arraySync(),
    plain.map((p) => p.mu),
  );
  check(
    logvar.arraySync(),
    plain.map((p) => p.logvar),
  );
  tf.dispose([mu, logvar]);
}

/** Disposes an encoder built by {@link build} and the embedding it was given. */
function release(encoder: GcnEncoder): void {
  encoder.dispose();
  if (encoder.encoding.kind === 'embedding') encoder.encoding.dispose();
}

describe('gcnNeighbourhoods (protocol §3.3 degree normalisation)', () => {
  it('gives 1/(indeg+1) for the vertex and 1/√((outdeg(u)+1)(indeg(v)+1)) per predecessor', () => {
    // protocol §1.3 example: edges (0,1),(0,3),(0,4),(0,5),(1,2),(1,3),(1,4),(2,3),(2,4),(2,6),(3,4),(4,5),(5,6),(6,7).
    const g = dagFromEdges(
      [0, 3, 2, 7, 6, 2, 2, 1],
      [
        [0, 1],
        [0, 3],
        [0, 4],
        [0, 5],
        [1, 2],
        [1, 3],
        [1, 4],
        [2, 3],
        [2, 4],
        [2, 6],
        [3, 4],
        [4, 5],
        [5, 6],
        [6, 7],
      ],
    );
    const nb = gcnNeighbourhoods([g]);
    // Vertex 4: predecessors 0 (out-degree 4), 1 (3), 2 (3), 3 (1); in-degree 4.
    expect(nb.selfWeight[4]).toBeCloseTo(1 / 5, 7);
    const entries = Array.from({ length: nb.start[5]! - nb.start[4]! }, (_, k) => [nb.source[nb.start[4]! + k], nb.weight[nb.start[4]! + k]]);
    expect(entries.map((e) => e[0])).toEqual([0, 1, 2, 3]);
    [4, 3, 3, 1].forEach((out, k) => expect(entries[k]![1]).toBeCloseTo(1 / Math.sqrt((out + 1) * 5), 7));
    // Vertex 0 has no predecessors and weight 1 on itself.
    expect(nb.selfWeight[0]).toBe(1);
    expect(nb.start[1]! - nb.start[0]!).toBe(0);
  });

  it('lays out rows vertex-major and leaves vertices a smaller graph lacks empty', () => {
    const nb = gcnNeighbourhoods([createDag([0, 2, 1], [0, 1, 2]), createDag([0, 1], [0, 1])]);
    expect(nb.vertices).toBe(3);
    // Row v·B + b: vertex 2 of graph 1 does not exist.
    expect(nb.selfWeight[2 * 2 + 1]).toBe(0);
    expect(nb.start[2 * 2 + 2]! - nb.start[2 * 2 + 1]!).toBe(0);
    // Vertex 1 of graph 1 (the END, in-degree 1) reads vertex 0 of graph 1, row 1.
    expect(Array.from(nb.source.subarray(nb.start[3]!, nb.start[4]!))).toEqual([1]);
  });
});

describe('gcnLevel', () => {
  const graphs = [
    ...readEnasGraphs(2),
    dagFromEdges(
      [0, 4, 1],
      [
        [0, 1],
        [1, 2],
        [0, 2],
      ],
    ),
  ];
  const nb = gcnNeighbourhoods(graphs);
  const rows = nb.vertices * nb.graphs;
  const init = new SeededInitialiser(11);
  const H = 6;

  /** The same level composed from tfjs ops, differentiated by tfjs (independent of the hand-written gradient). */
  function composed(x: Tensor2D, w: Tensor2D, b: Tensor1D, n: GcnNeighbourhoods, update: GcnUpdate): Tensor2D {
    const blocks: Tensor2D[] = [];
    const row = (all: Tensor2D[], from: Tensor2D, r: number): Tensor2D => {
      const v = Math.floor(r / n.graphs);
      const i = r % n.graphs;
      return update === 'in-place' && all[v] !== undefined ? (tf.slice(all[v]!, [i, 0], [1, -1]) as Tensor2D) : (tf.slice(from, [r, 0], [1, -1]) as Tensor2D);
    };
    for (let v = 0; v < n.vertices; v++) {
      const sRows: Tensor2D[] = [];
      for (let i = 0; i < n.graphs; i++) {
        const t = v * n.graphs + i;
        let s = tf.mul(tf.slice(x, [t, 0], [1, -1]), n.selfWeight[t]!) as Tensor2D;
        for (let e = n.start[t]!; e < n.start[t + 1]!; e++) s = tf.add(s, tf.mul(row(blocks, x, n.source[e]!), n.weight[e]!)) as Tensor2D;
        sRows.push(s);
      }
      blocks.push(tf.relu(tf.add(tf.matMul(tf.concat(sRows, 0), w), b)) as Tensor2D);
    }
    return tf.concat(blocks, 0) as Tensor2D;
  }

  for (const update of ['in-place', 'simultaneous'] as const) {
    it(`${update}: the value and every gradient match autodiff of a tfjs composition and finite differences`, () => {
      const x = tf.tensor2d(init.uniform(rows * H, 1), [rows, H]);
      const w = tf.tensor2d(init.uniform(H * H, 0.8), [H, H]);
      const b = tf.tensor1d(init.uniform(H, 0.3));
      const readout = tf.tensor2d(init.uniform(rows * H, 1), [rows, H]);
      const f = (fn: typeof gcnLevel) => (xx: Tensor, ww: Tensor, bb: Tensor) => tf.sum(tf.mul(fn(xx as Tensor2D, ww as Tensor2D, bb as Tensor1D, nb, update), readout)) as Scalar;
      const mine = f(gcnLevel);
      const reference = f(composed);
      expect(mine(x, w, b).dataSync()[0]).toBeCloseTo(reference(x, w, b).dataSync()[0]!, 4);
      const g1 = tf
        .grads(mine)([x, w, b])
        .map((g) => Array.from(g.dataSync()));
      const g2 = tf
        .grads(reference)([x, w, b])
        .map((g) => Array.from(g.dataSync()));
      g1.forEach((g, k) => g.forEach((v, j) => expect(Math.abs(v - g2[k]![j]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(g2[k]![j]!)))));
      // ReLU kinks make finite differences unreliable near 0; the step is small and inputs generic.
      const check = gradientCheck(mine, [x, w, b], { epsilon: 1e-3, maxEntries: 30 });
      expect(check.maxError).toBeLessThan(2e-2);
      tf.dispose([x, w, b, readout]);
    });
  }

  it('in-place and simultaneous differ once a level reads states (level ≥ 1)', () => {
    const x = tf.tensor2d(init.uniform(rows * H, 1), [rows, H]);
    const w = tf.tensor2d(init.uniform(H * H, 0.8), [H, H]);
    const b = tf.tensor1d(init.uniform(H, 0.3).map(Math.abs));
    const a = gcnLevel(x, w, b, nb, 'in-place').arraySync();
    const s = gcnLevel(x, w, b, nb, 'simultaneous').arraySync();
    // Vertex 0 has no predecessors: equal; later vertices differ.
    expect(a.slice(0, nb.graphs)).toEqual(s.slice(0, nb.graphs));
    expect(a.slice(3 * nb.graphs)).not.toEqual(s.slice(3 * nb.graphs));
    tf.dispose([x, w, b]);
  });

  it('rejects inputs that do not fit', () => {
    const x = tf.zeros([rows, 4]) as Tensor2D;
    expect(() => gcnLevel(x, tf.zeros([4, 6]) as Tensor2D, tf.zeros([6]) as Tensor1D, nb, 'in-place')).toThrow(
      '@opnas/encoders: an in-place GCN level needs as many features as outputs, got 4 and 6',
    );
    expect(() => gcnLevel(x, tf.zeros([3, 6]) as Tensor2D, tf.zeros([6]) as Tensor1D, nb, 'simultaneous')).toThrow('gcnLevel weight has 3 rows for 4 features');
    expect(() => gcnLevel(tf.zeros([2, 4]) as Tensor2D, tf.zeros([4, 6]) as Tensor2D, tf.zeros([6]) as Tensor1D, nb, 'simultaneous')).toThrow(
      `gcnLevel features have 2 rows; the neighbourhoods have ${rows}`,
    );
  });
});

describe('GcnEncoder', () => {
  const enas = readEnasGraphs(10, 40);

  it('matches the reference encoder literally (in-place levels, one-hot types)', () => {
    const encoder = build();
    compareWithPlain(encoder, enas);
    release(encoder);
  });

  it('matches it with simultaneous levels and with a learnable embedding', () => {
    const simultaneous = build({ update: 'simultaneous', seed: 2 });
    compareWithPlain(simultaneous, enas.slice(0, 5));
    release(simultaneous);
    const emb = build({ embedding: true, seed: 4 });
    compareWithPlain(emb, enas.slice(5));
    release(emb);
  });

  it('pools each graph over its own vertices 1..n−2 in a batch of mixed sizes', () => {
    const encoder = build({ seed: 6 });
    compareWithPlain(encoder, [
      enas[0]!,
      dagFromEdges(
        [0, 3, 5, 1],
        [
          [0, 1],
          [1, 2],
          [0, 2],
          [2, 3],
        ],
      ),
      createDag([0, 1], [0, 1]),
      enas[1]!,
    ]);
    release(encoder);
  });

  it('passes the gradient to an embedding table through level 0', () => {
    const embedding = new OperationEmbedding({ seed: 5 });
    const encoder = new GcnEncoder({ hiddenSize: 7, latentSize: 3, encoding: embedding });
    initialiseParameters(encoder.referenceParameters(), new SeededInitialiser(8));
    const [table] = embedding.variables();
    const { grads, value } = tf.variableGrads(() => tf.tidy(() => tf.sum(encoder.encode(enas.slice(0, 3)).mu) as Scalar), [table!]);
    const g = grads[table!.name]!.dataSync();
    // Types 2..7 occur in the graphs and get gradient; START (0) and END (1) too (level 0 reads them).
    expect(Array.from(g).some((v) => v !== 0)).toBe(true);
    tf.dispose([value, ...Object.values(grads)]);
    encoder.dispose();
    embedding.dispose();
  });

  it('has the reference names and shapes (gconv is a ModuleList of Sequential(Linear, ReLU))', () => {
    const encoder = new GcnEncoder({ hiddenSize: 10, latentSize: 4 });
    expect(Object.fromEntries(encoder.referenceParameters().map((p) => [p.name, p.shape]))).toEqual({
      'gconv.0.0.weight': [10, 8],
      'gconv.0.0.bias': [10],
      'gconv.1.0.weight': [10, 10],
      'gconv.1.0.bias': [10],
      'gconv.2.0.weight': [10, 10],
      'gconv.2.0.bias': [10],
      'fc1.weight': [4, 10],
      'fc1.bias': [4],
      'fc2.weight': [4, 10],
      'fc2.bias': [4],
    });
    expect(encoder.variables().length).toBe(10);
    encoder.dispose();
  });

  it('leaves no tensors behind and rejects bad options and graphs', () => {
    const before = tf.memory().numTensors;
    const encoder = build({ seed: 9 });
    tf.tidy(() => {
      encoder.encode(enas.slice(0, 2));
    });
    release(encoder);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => new GcnEncoder({ levels: 0 })).toThrow('@opnas/encoders: levels must be a positive integer, got 0');
    expect(() => new GcnEncoder({ update: 'jacobi' as GcnUpdate })).toThrow("update must be 'in-place' or 'simultaneous', got 'jacobi'");
    const small = new GcnEncoder({ hiddenSize: 4, latentSize: 2 });
    expect(() => small.encode([createDag([0, 9], [0, 1])])).toThrow(/vertex 1 has type 9/);
    small.dispose();
  });
});
