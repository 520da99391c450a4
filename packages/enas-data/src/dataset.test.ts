import { isValidEnas, edgeCount } from '@opnas/dag';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccuracyLookup } from './accuracy-lookup.js';
import { type EnasDataset, loadEnasDataset } from './dataset.js';
import { splitIndices } from './split.js';
import { summariseEnasDataset } from './summary.js';
import { normaliseTargets, targetStatistics, denormaliseTargets } from '@opnas/metrics';
import { ENAS_DATA_PATH } from './test-data.test-util.js';

let data: EnasDataset;
beforeAll(async () => {
  data = await loadEnasDataset({ path: ENAS_DATA_PATH });
});

describe('the ENAS dataset (protocol §1.2)', () => {
  it('has 20,020 lines, 1,000 burn-in, 19,020 graphs of 8 vertices, all valid', () => {
    expect(data.records).toHaveLength(20_020);
    expect(data.graphs).toHaveLength(19_020);
    expect(data.graphs.every((g, i) => g.index === i && g.line === i + 1001)).toBe(true);
    expect(data.graphs.every((g) => isValidEnas(g.dag, { vertexCount: 8 }))).toBe(true);
    expect(data.sha256).toBe('fea9a7dde1545e7d3bd58fd4b9c3db08a89c18e0351f770cde2fe530c4791725');
  });

  it('matches SPEC’s counts and accuracy statistics', () => {
    const s = summariseEnasDataset(data);
    expect(s.distinctGraphs).toBe(19_015);
    expect(s.distinctInFile).toBe(20_015);
    expect(s.accuracy.min).toBe(0.702);
    expect(s.accuracy.max).toBe(0.7502);
    expect(s.accuracy.mean).toBeCloseTo(0.7363, 4);
    expect(s.accuracy.sd).toBeCloseTo(0.00612, 5);
    expect(data.graphs.filter((g) => g.accuracy === 0.7502)).toHaveLength(16);
    const edges = data.graphs.map((g) => edgeCount(g.dag));
    expect(edges.reduce((a, b) => a + b, 0) / edges.length).toBeCloseTo(11.51, 2);
    expect(Math.min(...edges)).toBe(7);
    expect(Math.max(...edges)).toBe(20);
  });

  it('parses the protocol §1.1 example at line index 1000', () => {
    expect(data.graphs[0]!.dag.types).toEqual([0, 3, 2, 7, 6, 2, 2, 1]);
    expect(data.graphs[0]!.accuracy).toBe(0.7322);
  });
});

describe('the reference split (protocol §1.6)', () => {
  it('reproduces random.Random(0).shuffle: first ten, last five, 17,118 / 1,902', () => {
    const { order, train, test } = splitIndices(19_020);
    expect(order.slice(0, 10)).toEqual([5410, 2213, 4853, 10021, 10604, 1753, 10522, 9326, 5529, 5008]);
    expect(order.slice(-5)).toEqual([16753, 8484, 1326, 13781, 12623]);
    expect(train).toHaveLength(17_118);
    expect(test).toHaveLength(1_902);
    expect(new Set(order).size).toBe(19_020);
  });

  it('item 5410 is file line index 6410 (0-based; our 1-based line 6411)', () => {
    expect(data.train[0]!.index).toBe(5410);
    expect(data.train[0]!.line - 1).toBe(6410);
  });

  it('train and test accuracy statistics match SPEC', () => {
    const s = summariseEnasDataset(data);
    expect(s.trainAccuracy.mean).toBeCloseTo(0.7363160766, 10);
    expect(s.trainAccuracy.sd).toBeCloseTo(0.0061346824, 10);
    expect(s.testAccuracy.mean).toBeCloseTo(0.7361216, 7);
    expect(s.testAccuracy.sd).toBeCloseTo(0.0059869, 7);
  });
});

describe('target normalisation (protocol §1.7)', () => {
  it('negates and standardises with the train mean and population sd', () => {
    const stats = targetStatistics(data.train.map((g) => g.accuracy));
    expect(stats.mean).toBeCloseTo(-0.7363161, 7);
    expect(stats.sd).toBeCloseTo(0.0061347, 7);
    const yTrain = normaliseTargets(
      data.train.map((g) => g.accuracy),
      stats,
    );
    const mean = yTrain.reduce((a, b) => a + b, 0) / yTrain.length;
    const sd = Math.sqrt(yTrain.reduce((a, b) => a + (b - mean) ** 2, 0) / yTrain.length);
    expect(mean).toBeCloseTo(0, 10);
    expect(sd).toBeCloseTo(1, 12);
    // A constant predictor (the train mean, 0 on this scale) scores RMSE ≈ 0.976 on test.
    const yTest = normaliseTargets(
      data.test.map((g) => g.accuracy),
      stats,
    );
    expect(Math.sqrt(yTest.reduce((a, b) => a + b * b, 0) / yTest.length)).toBeCloseTo(0.976, 3);
    const back = denormaliseTargets(yTest, stats);
    expect(back[0]).toBeCloseTo(data.test[0]!.accuracy, 12);
  });

  it('refuses zero-variance targets', () => {
    expect(() => targetStatistics([0.7, 0.7])).toThrow(/zero variance/);
  });
});

describe('AccuracyLookup', () => {
  it('holds the 20,015 labelled architectures of the file, burn-in included', () => {
    const lookup = new AccuracyLookup(data.records);
    expect(lookup.size).toBe(20_015);
    expect(lookup.get(' 1 0 0 5 1 1 4 1 1 1 0 1 0 0 0 0 0 0 1 0 0 ')).toBe(0.7322);
    expect(lookup.get(data.records[0]!.flat)).toBe(data.records[0]!.accuracy);
    // protocol §7.5: the best architecture of the paper is not in the dataset.
    expect(lookup.has('3 3 0 2 0 1 3 1 0 0 3 1 0 1 0 3 0 0 1 1 0')).toBe(false);
  });

  it('refuses conflicting duplicates, naming both lines', () => {
    const [a] = data.graphs;
    expect(() => new AccuracyLookup([a!, { ...a!, line: 99, accuracy: 0.5 }])).toThrow(/0\.7322 on line 1001 but 0\.5 on line 99/);
  });
});
