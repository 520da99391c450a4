import { ENAS6 } from '@opnas/dag';
import { NB201, NB201_CELL_COUNT, enumerateNb201, nb201CellToDag } from '@opnas/spaces';
import { describe, expect, it } from 'vitest';
import { runBayesOpt } from './bayesian-optimisation.js';
import { CachedEvaluator } from './cached-evaluator.js';
import type { Evaluator } from './evaluator.js';
import type { LatentDecoder } from './latent-decoding.js';
import { lookupEvaluator, spaceKeyOf } from './lookup-evaluator.js';
import { exactGpFitter } from './synthetic-problem.test-util.js';

// #14: what bayesopt keys by architecture takes a SearchSpace; ENAS6 stays the default.
const cells = enumerateNb201();
const keys = cells.map((c) => NB201.key(c));
/** A made-up accuracy per NB201 cell (no benchmark tables are available to the project). */
const accuracyOf = (index: number) => 0.5 + 0.4 * Math.sin(index / 997) ** 2;
const labels = new Map(keys.map((k, i) => [k, accuracyOf(i)]));
/** The cell a point of [0, 1]² decodes to (every attempt the same): a smooth map onto the 15,625 cells. */
const cellIndex = (p: ArrayLike<number>) => Math.min(NB201_CELL_COUNT - 1, Math.floor(p[0]! * 125) * 125 + Math.floor(p[1]! * 125));
const nb201Decoder: LatentDecoder = (points, attempts) => points.map((p) => Array.from({ length: attempts }, () => cells[cellIndex(p)]!));

describe('bayesopt on NB-201 cells', () => {
  it('lookupEvaluator with a space: finds labels by the space key; other cells and garbage are unscored', async () => {
    const lookup = lookupEvaluator(labels, { space: NB201 });
    expect(lookup.label).toBe('accuracy from a lookup table of 15625 labelled nb201 architectures');
    const notation = NB201.format(cells[4321]!);
    const [hit, garbage] = await lookup.evaluate([notation, '|nope~0|']);
    expect(hit).toEqual({ flat: notation, status: 'scored', accuracy: accuracyOf(4321), source: 'lookup' });
    expect(garbage).toMatchObject({ status: 'unscored', reason: 'not in the lookup table' });
    const partial = lookupEvaluator(new Map([[keys[0]!, 0.6]]), { space: NB201 });
    expect((await partial.evaluate([NB201.format(cells[1]!)]))[0]!.status).toBe('unscored');
    // the default asks the table with the notation itself, as for ENAS flat strings
    expect((await lookupEvaluator(new Map([['0 1 0', 0.7]])).evaluate(['0 1 0']))[0]).toMatchObject({ status: 'scored', accuracy: 0.7 });
    expect(spaceKeyOf(NB201, 'garbage')).toBeNull();
    expect(spaceKeyOf(ENAS6, '4 0 0 4 0 0 2 0 0 1 1 0 0 0 0 5 0 0 0 0 0')).toBe('4 0 0 4 0 0 2 0 0 1 1 0 0 0 0 5 0 0 0 0 0');
  });

  it('CachedEvaluator with a space keys by the space key: one evaluation per cell', async () => {
    const calls: string[][] = [];
    const inner: Evaluator = {
      kind: 'lookup',
      label: 'counting',
      surrogate: false,
      evaluate: (flats) => {
        calls.push([...flats]);
        return lookupEvaluator(labels, { space: NB201 }).evaluate(flats);
      },
    };
    const cache = new CachedEvaluator(inner, undefined, { space: NB201 });
    const a = NB201.format(nb201CellToDag([3, 0, 1, 4, 2, 2]));
    const b = NB201.format(nb201CellToDag([1, 1, 1, 1, 1, 1]));
    const out = await cache.evaluate([a, b, a]);
    expect(calls).toEqual([[a, b]]);
    expect(out.map((e) => e.flat)).toEqual([a, b, a]);
    await cache.evaluate([b]);
    expect(calls).toHaveLength(1);
    expect(cache.peek(a)).toMatchObject({ status: 'scored' });
  });

  it('runBayesOpt with space NB201: decodings are judged and named by NB201, scored by its lookup; the header names the space', async () => {
    // training data: 30 points of [0, 1]² with the labels of the cells they decode to
    const pts = Array.from({ length: 30 }, (_, i) => [((i * 7) % 30) / 30 + 0.01, ((i * 11) % 30) / 30 + 0.01]);
    const problem = {
      train: { x: { rows: 30, cols: 2, data: Float64Array.from(pts.flat()) }, accuracy: Float64Array.from(pts, (p) => accuracyOf(cellIndex(p))) },
      evaluator: lookupEvaluator(labels, { space: NB201 }),
      decoder: nb201Decoder,
    };
    const options = { rounds: 2, batchSize: 3, seeds: [1], gridSize: 60, attempts: 2, maxIterations: 10, fit: exactGpFitter };
    const run = await runBayesOpt(problem, { ...options, space: NB201 });
    expect(run.header.settings.space).toBe('nb201');
    for (const r of run.rounds) {
      for (const arm of [r.bo, r.random!]) {
        arm.architectures.forEach((a, i) => {
          expect(a).toBe(NB201.format(cells[cellIndex(arm.points![i]!)]!));
          expect(arm.outcomes[i]).toEqual({ status: 'scored', accuracy: accuracyOf(cellIndex(arm.points![i]!)) });
        });
      }
    }
    // with the default ENAS6 the same decodings are not valid architectures
    const enas = await runBayesOpt(problem, options);
    expect('space' in enas.header.settings).toBe(false);
    for (const r of enas.rounds) expect(r.bo.outcomes.every((o) => o.status === 'undecodable')).toBe(true);
  });
});
