import { createDag, enasFlatToDag } from '@opnas/dag';
import { NB101 } from '@opnas/spaces';
import { describe, expect, it } from 'vitest';
import { decodeLatentPoints, selectDecoding, validEnasFlat } from './latent-decoding.js';

const A = '0 1 0 2 0 1 3 1 0 0 4 0 1 0 1 5 0 0 0 0 1';
const B = '5 0 1 1 0 0 2 1 1 1 3 0 0 0 0 4 1 1 1 1 1';
// a 7-vertex graph (5 layers): valid ENAS, but BO requires 8 vertices
const SHORT = '0 1 0 2 0 1 3 1 0 0 4 0 1 0 1';
// START → op → END without the backbone into the second op: invalid
const BROKEN = createDag([0, 2, 3, 4, 5, 6, 7, 1], [0, 1, 0, 4, 8, 16, 32, 64]);

describe('validEnasFlat', () => {
  it('accepts valid 8-vertex graphs and strings, rejects the rest', () => {
    expect(validEnasFlat(A)).toBe(A);
    expect(validEnasFlat(enasFlatToDag(B))).toBe(B);
    expect(validEnasFlat(SHORT)).toBeNull();
    expect(validEnasFlat(enasFlatToDag(SHORT))).toBeNull();
    expect(validEnasFlat(BROKEN)).toBeNull();
    expect(validEnasFlat('not an architecture')).toBeNull();
    expect(validEnasFlat('0 1 0')).toBeNull();
  });
});

describe('selectDecoding (protocol §7.4, §10.2 item 1)', () => {
  const attempts = [BROKEN, A, SHORT, B, enasFlatToDag(B), 'garbage', B, A];
  it('mostCommon picks the most frequent valid architecture', () => {
    expect(selectDecoding(attempts, 'mostCommon')).toBe(B);
  });
  it('firstValid returns the first valid decoding, as the reference does', () => {
    expect(selectDecoding(attempts, 'firstValid')).toBe(A);
  });
  it('breaks ties by first appearance and returns null when nothing is valid', () => {
    expect(selectDecoding([B, A, A, B], 'mostCommon')).toBe(B);
    expect(selectDecoding([BROKEN, SHORT, 'x'])).toBeNull();
    expect(selectDecoding([])).toBeNull();
  });
});

describe('decodeLatentPoints', () => {
  it('passes attempts and seed through and applies the policy per point', async () => {
    let seen: { attempts: number; seed: number } | undefined;
    const decoder = (points: readonly Float64Array[], attempts: number, context: { seed: number }) => {
      seen = { attempts, seed: context.seed };
      return points.map((p) => (p[0]! > 0 ? [A, B, B] : [SHORT]));
    };
    const out = await decodeLatentPoints(decoder, [Float64Array.of(1), Float64Array.of(-1)], { attempts: 3, seed: 9 });
    expect(out).toEqual([B, null]);
    expect(seen).toEqual({ attempts: 3, seed: 9 });
    expect(await decodeLatentPoints(decoder, [Float64Array.of(1)], { attempts: 3, policy: 'firstValid' })).toEqual([A]);
  });
  it('rejects a decoder that returns the wrong number of lists', async () => {
    await expect(decodeLatentPoints(() => [[A]], [Float64Array.of(1), Float64Array.of(2)])).rejects.toThrow(/returned 1 lists for 2 points/);
  });
});

describe('decoding in another search space', () => {
  it('counts isomorphic NB101 decodings as one architecture and returns its first notation', async () => {
    const first = 'input,conv3x3-bn-relu,maxpool3x3,output|0110,0001,0001,0000';
    const swapped = 'input,maxpool3x3,conv3x3-bn-relu,output|0110,0001,0001,0000'; // the same cell
    const other = 'input,conv1x1-bn-relu,output|011,001,000';
    expect(selectDecoding([other, first, swapped], 'mostCommon', NB101)).toBe(first);
    expect(selectDecoding([other, first, swapped], 'firstValid', NB101)).toBe(other);
    expect(selectDecoding(['input,conv1x1-bn-relu,output|010,000,000', 'garbage'], 'mostCommon', NB101)).toBeNull();
    const out = await decodeLatentPoints(() => [[NB101.parse(swapped), NB101.parse(other), first]], [Float64Array.of(0)], { attempts: 3, space: NB101 });
    expect(out).toEqual([swapped]);
  });
});
