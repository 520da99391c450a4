import { resolveEnasDataPath } from '@opnas/enas-data';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../cli-io.test-util.js';
import { runCli } from '../run.js';

const DATA = (await resolveEnasDataPath()).path;

describe('opnas data', () => {
  it('info --json gives the protocol §1.2 counts and statistics', async () => {
    const io = captureIo();
    expect(await runCli(['data', 'info', '--data', DATA, '--json'], io)).toBe(0);
    const info = JSON.parse(io.out);
    expect(info).toMatchObject({ lines: 20_020, burnIn: 1000, graphs: 19_020, train: 17_118, test: 1_902, distinctGraphs: 19_015, distinctInFile: 20_015 });
    expect(info.sha256).toBe('fea9a7dde1545e7d3bd58fd4b9c3db08a89c18e0351f770cde2fe530c4791725');
    expect(info.accuracy.min).toBe(0.702);
    expect(info.accuracy.max).toBe(0.7502);
  });

  it('info prints a readable summary without --json', async () => {
    const io = captureIo();
    await runCli(['data', 'info', '--data', DATA], io);
    expect(io.out).toMatch(/graphs\s+19020 \(train 17118, test 1902\)/);
  });

  it('split --json gives the head of the reference shuffle (protocol §1.6)', async () => {
    const io = captureIo();
    expect(await runCli(['data', 'split', '--data', DATA, '--head', '10', '--json'], io)).toBe(0);
    const split = JSON.parse(io.out);
    expect(split.trainHead).toEqual([5410, 2213, 4853, 10021, 10604, 1753, 10522, 9326, 5529, 5008]);
    expect(split.testHead).toHaveLength(10);
    expect(split).toMatchObject({ train: 17_118, test: 1_902 });
  });

  it('bad input ends in a one-line error and a non-zero exit code', async () => {
    const io = captureIo();
    expect(await runCli(['data', 'info', '--data', '/no/such/file.txt'], io)).toBe(1);
    expect(io.err).toBe('opnas: @opnas/enas-data: data file not found: /no/such/file.txt (given as --data)\n');
    const usage = captureIo();
    expect(await runCli(['data', 'split', '--head', '0'], usage)).not.toBe(0);
    expect(usage.err).toContain('--head must be a positive integer, got "0"');
  });
});
