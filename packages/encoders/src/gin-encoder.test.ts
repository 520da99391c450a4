import { createDag, dagFromEdges } from '@opnas/dag';
import type { Dag } from '@opnas/dag';
import { OperationEmbedding } from '@opnas/op-embed';
import { SeededInitialiser, initRuntime, initialiseParameters, tf } from '@opnas/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { GinEncoder } from './gin-encoder.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

function build(seed = 1, levels = 2): GinEncoder {
  const encoder = new GinEncoder({ hiddenSize: 6, latentSize: 3, levels });
  initialiseParameters(encoder.referenceParameters(), new SeededInitialiser(seed));
  return encoder;
}

/** The GIN forward pass in plain float64 loops, from the PyTorch-layout (out × in) parameters. */
function plainGinMu(encoder: GinEncoder, g: Dag): number[] {
  const sd = new Map(encoder.referenceParameters().map((p) => [p.name, Float64Array.from(p.read())] as const));
  const linear = (name: string, x: number[], relu: boolean): number[] => {
    const w = sd.get(`${name}.weight`)!;
    const b = sd.get(`${name}.bias`)!;
    const out = Array.from(b, (bias, o) => x.reduce((s, xi, i) => s + w[o * x.length + i]! * xi, bias));
    return relu ? out.map((v) => Math.max(0, v)) : out;
  };
  const adjacent = (u: number, v: number) => ((g.inMasks[v]! >>> u) & 1) === 1 || ((g.inMasks[u]! >>> v) & 1) === 1;
  let h: number[][] = g.types.map((t) => Array.from({ length: 8 }, (_, k) => (k === t ? 1 : 0)));
  encoder.mlps.forEach((_, l) => {
    h = h.map((hv, v) => {
      const s = hv.map((x, k) => x + h.reduce((acc, hu, u) => acc + (u !== v && adjacent(u, v) ? hu[k]! : 0), 0));
      return linear(`gin.${l}.2`, linear(`gin.${l}.0`, s, true), true);
    });
  });
  const hg = Array.from({ length: 6 }, (_, k) => h.reduce((s, hv) => s + hv[k]!, 0));
  return linear('fc1', hg, false);
}

describe('GinEncoder', () => {
  const graphs = [
    dagFromEdges(
      [0, 2, 4, 1],
      [
        [0, 1],
        [0, 2],
        [1, 3],
        [2, 3],
      ],
    ),
    dagFromEdges(
      [0, 3, 5, 7, 1],
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [0, 3],
        [3, 4],
      ],
    ),
    createDag([0, 1], [0, 1]),
  ];

  it('matches a plain float64 computation, graphs of different sizes in one batch', () => {
    const encoder = build();
    const mu = tf.tidy(() => encoder.encode(graphs).mu.arraySync());
    graphs.forEach((g, i) => {
      const expected = plainGinMu(encoder, g);
      mu[i]!.forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 4));
    });
    encoder.dispose();
  });

  it('is invariant to the vertex order (sum aggregation and readout)', () => {
    const encoder = build(2, 3);
    // vertices 1 and 2 swapped: the same cell numbered in another topological order
    const a = dagFromEdges(
      [0, 2, 4, 1],
      [
        [0, 1],
        [0, 2],
        [1, 3],
        [2, 3],
      ],
    );
    const b = dagFromEdges(
      [0, 4, 2, 1],
      [
        [0, 2],
        [0, 1],
        [2, 3],
        [1, 3],
      ],
    );
    const c = dagFromEdges(
      [0, 4, 2, 1],
      [
        [0, 1],
        [0, 2],
        [1, 3],
        [0, 3],
      ],
    ); // a different cell
    const [ma, mb, mc] = tf.tidy(() => encoder.encode([a, b, c]).mu.arraySync());
    ma!.forEach((v, k) => expect(mb![k]).toBeCloseTo(v, 5));
    expect(mc!.some((v, k) => Math.abs(v - ma![k]!) > 1e-4)).toBe(true);
    encoder.dispose();
  });

  it('reads types through a shared encoding it does not own', () => {
    const embedding = new OperationEmbedding({ seed: 3 });
    const encoder = new GinEncoder({ hiddenSize: 6, latentSize: 3, encoding: embedding });
    expect(encoder.mlps[0]![0].inFeatures).toBe(3);
    const [table] = embedding.variables();
    expect(encoder.variables()).not.toContain(table);
    expect(encoder.referenceParameters().map((p) => p.name)).toEqual([
      ...[0, 1, 2].flatMap((l) => [`gin.${l}.0.weight`, `gin.${l}.0.bias`, `gin.${l}.2.weight`, `gin.${l}.2.bias`]),
      'fc1.weight',
      'fc1.bias',
      'fc2.weight',
      'fc2.bias',
    ]);
    encoder.dispose();
    expect(table!.isDisposed).toBe(false);
    embedding.dispose();
  });

  it('rejects bad sizes and graphs, naming them', () => {
    expect(() => new GinEncoder({ levels: 0 })).toThrow('@opnas/encoders: levels must be a positive integer, got 0');
    const encoder = build();
    expect(() => encoder.encode([createDag([0, 9, 1], [0, 1, 2])])).toThrow(/vertex 1 has type 9/);
    encoder.dispose();
  });
});
