import { AccuracyLookup, loadEnasDataset } from '@opnas/enas-data';
import { describe, expect, it } from 'vitest';
import { ENAS_DATA } from './enas-data-path.test-util.js';
import { surrogateSplit } from './surrogate-split.js';

describe('surrogateSplit', () => {
  it('splits the 20,015 labelled architectures 18,013 / 2,002, disjoint, and not as the VAE split does', async () => {
    const data = await loadEnasDataset({ path: ENAS_DATA });
    const labelled = [...new AccuracyLookup(data.records).entries()];
    expect(labelled).toHaveLength(20_015); // protocol §1.2: distinct labelled architectures, burn-in included
    const { train, heldOut } = surrogateSplit(labelled);
    expect(train).toHaveLength(18_013);
    expect(heldOut).toHaveLength(2_002);
    const held = new Set(heldOut.map(([f]) => f));
    expect(train.some(([f]) => held.has(f))).toBe(false);
    expect(new Set([...train.map(([f]) => f), ...held]).size).toBe(20_015);
    // deterministic
    expect(surrogateSplit(labelled).heldOut.slice(0, 5)).toEqual(heldOut.slice(0, 5));
    // the VAE test set (protocol §1.6) is a different set: about a tenth of it falls in this held-out set
    const vaeTest = data.test.map((r) => r.flat);
    const overlap = vaeTest.filter((f) => held.has(f)).length / vaeTest.length;
    expect(overlap).toBeGreaterThan(0.05);
    expect(overlap).toBeLessThan(0.15);
  });
});
