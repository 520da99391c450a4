import { createDag } from '@opnas/dag';
import { describe, expect, it } from 'vitest';
import { boCurvesFigure, meanConfidenceBands, parseBoLog } from './bo-curves.js';
import { dagGridFigure } from './dag-grid.js';
import { groupBoxPlotFigure } from './group-box-plot.js';
import { latentMapFigure } from './latent-map.js';
import { renderSvg } from './render-svg.js';

const chain = createDag([0, 2, 3, 1], [0, 1, 2, 4]);
const skip = createDag([0, 6, 7, 1], [0, 1, 3, 4]);

describe('groupBoxPlotFigure', () => {
  it('puts one box per group and r in the title', async () => {
    const figure = groupBoxPlotFigure(
      [
        { label: 0.7, values: [1.5, 1.6, 1.7] },
        { label: 0.71, values: [1.6, 1.8] },
      ],
      { statistic: 'Average path length', r: 0.3207 },
    );
    expect(figure.name).toBe('average-path-length-by-group');
    expect(figure.data).toEqual([
      { group: '0.70', value: 1.5 },
      { group: '0.70', value: 1.6 },
      { group: '0.70', value: 1.7 },
      { group: '0.71', value: 1.6 },
      { group: '0.71', value: 1.8 },
    ]);
    const svg = await renderSvg(figure.spec!);
    expect(svg).toContain('Average path length by accuracy group (Pearson r = +0.321)');
    expect(groupBoxPlotFigure([{ label: 0.7, values: [1] }], { statistic: 'T', r: -0.3974 }).spec!.title).toBe('T by accuracy group (Pearson r = −0.397)');
  });
});

describe('latentMapFigure', () => {
  it('keeps the points as data and rejects non-finite coordinates', async () => {
    const figure = latentMapFigure([
      { x: 0, y: 1, accuracy: 0.73, index: 5 },
      { x: 2, y: -1, accuracy: 0.75, index: 9 },
    ]);
    expect(figure.data).toEqual([
      { index: 5, x: 0, y: 1, accuracy: 0.73 },
      { index: 9, x: 2, y: -1, accuracy: 0.75 },
    ]);
    const svg = await renderSvg(figure.spec!);
    expect(svg.match(/class="mark-symbol/g)).toHaveLength(1);
    expect(() => latentMapFigure([{ x: Number.NaN, y: 0, accuracy: 0.7 }])).toThrow('points[0].x is NaN');
  });
});

describe('boCurvesFigure', () => {
  it('ci95 bands: mean ± t(0.975, n − 1) · sd / √n per arm and x, none for one seed', async () => {
    const records = [
      { arm: 'bo', seed: 1, round: 1, bestSoFar: 0.7 },
      { arm: 'bo', seed: 2, round: 1, bestSoFar: 0.72 },
      { arm: 'bo', seed: 3, round: 1, bestSoFar: 0.74 },
      { arm: 'random', seed: 1, round: 1, bestSoFar: 0.71 },
    ];
    const [bo, random] = meanConfidenceBands(records);
    // sd = 0.02, n = 3: half-width 4.303 · 0.02 / √3
    expect(bo!.mean).toBeCloseTo(0.72, 12);
    expect(bo!.upper - bo!.mean).toBeCloseTo((4.303 * 0.02) / Math.sqrt(3), 12);
    expect(bo!.mean - bo!.lower).toBeCloseTo((4.303 * 0.02) / Math.sqrt(3), 12);
    expect(random).toMatchObject({ mean: 0.71, lower: 0.71, upper: 0.71, seeds: 1 });
    const figure = boCurvesFigure(records, { band: 'ci95', xTitle: 'queries', points: false });
    const svg = await renderSvg(figure.spec!);
    expect(svg).toContain('queries');
    expect(svg).toContain('aria-roledescription="area mark"');
    expect(svg).not.toContain('aria-roledescription="point"');
  });

  it('parses BO logs and draws one mean line per arm', async () => {
    const records = parseBoLog(
      [
        '{"arm":"dvae-emb","seed":1,"round":1,"bestSoFar":0.74}',
        '{"arm":"dvae-emb","seed":2,"round":1,"bestSoFar":0.745}',
        '{"arm":"random","seed":1,"round":1,"bestSoFar":0.73}',
      ].join('\n'),
      'bo.jsonl',
    );
    expect(records[1]).toEqual({ arm: 'dvae-emb', seed: 2, round: 1, bestSoFar: 0.745 });
    const svg = await renderSvg(boCurvesFigure(records).spec!);
    expect(svg).toContain('random');
    expect(() => parseBoLog('{"arm":"a","seed":1,"round":-0.5,"bestSoFar":1}', 'bo.jsonl')).toThrow('bo.jsonl line 1: field "round" must be an integer');
  });

  it('keeps identical arms distinguishable: own dash, own point shape, the first drawn wider', async () => {
    // Two arms that found exactly the same (the pool search of D-VAE and DVAE-EMB can).
    const records = ['dvae BO', 'dvae-emb BO'].flatMap((arm) => [1, 2, 3].map((round) => ({ arm, seed: 1, round, bestSoFar: 0.74 + round / 1000 })));
    const svg = await renderSvg(boCurvesFigure(records).spec!);
    const lines = [...svg.matchAll(/<path[^>]*aria-roledescription="line mark"[^>]*>/g)].map((m) => m[0]);
    expect(lines).toHaveLength(2);
    const dash = lines.map((l) => /stroke-dasharray="([^"]*)"/.exec(l)?.[1] ?? 'solid');
    expect(dash[0]).not.toBe(dash[1]);
    const width = lines.map((l) => Number(/stroke-width="([^"]*)"/.exec(l)?.[1]));
    expect(width[0]).toBeGreaterThan(width[1]!);
    // Point shapes differ per arm: the two arms' symbols have different outlines.
    const symbols = [...svg.matchAll(/aria-roledescription="point"[^>]*d="([^"]*)"/g)].map((m) => m[1]!);
    expect(new Set(symbols).size).toBeGreaterThan(1);
    // Rounds on the x axis are whole numbers.
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(labels).toEqual(expect.arrayContaining(['1', '2', '3']));
    expect(labels).not.toContain('1.5');
  });
});

describe('dagGridFigure', () => {
  it('nests one drawing per DAG with ids made unique, and lists them as data', () => {
    const figure = dagGridFigure(
      [
        { dag: chain, title: '1. acc 0.75', data: { flat: '0 1 0' } },
        { dag: skip, title: '2. acc 0.74', data: { flat: '4 5 1' } },
      ],
      { columns: 2 },
    );
    const svg = figure.svg!;
    expect(svg.match(/<svg/g)).toHaveLength(3);
    const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, ref] of svg.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(ref);
    expect(figure.data).toEqual([
      { position: 1, title: '1. acc 0.75', flat: '0 1 0' },
      { position: 2, title: '2. acc 0.74', flat: '4 5 1' },
    ]);
  });
});
