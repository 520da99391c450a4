import { describe, expect, it } from 'vitest';
import { MODELS, PRESETS } from './presets.js';

describe('presets', () => {
  it("the paper preset is the paper's protocol (protocol §4–§7)", () => {
    // protocol §4.1 (hs 501, nz 56, 300 epochs), §4.2 (T = 4), §5 (100 decodings, 1,000 points),
    // §6.6 (M = 500, 100 epochs, 10 seeds), §7 (10 rounds of 50, 10 seeds), §9 (1,000 iterations; we map the larger train split).
    expect(PRESETS.paper).toMatchObject({
      trainGraphs: null, hidden: 501, latent: 56, epochs: 300, embIterations: 4,
      evalDecodings: 100, evalPoints: 1000, sgpSeeds: 10, sgpInducing: 500, sgpEpochs: 100,
      boSeeds: 10, boRounds: 10, boBatch: 50, tsneSplit: 'train', tsneIterations: 1000,
    });
  });

  it('the cpu preset uses the full data and the full evaluation protocol', () => {
    expect(PRESETS.cpu).toMatchObject({ trainGraphs: null, latent: 56, evalDecodings: 100, evalPoints: 1000, sgpInducing: 500, sgpEpochs: 100, tsneSplit: 'train' });
  });

  it('covers the six models of Tables 1–2', () => {
    expect([...MODELS].sort()).toEqual(['dvae', 'dvae-emb', 'gcn', 'gcn-emb', 'graphrnn', 'svae']);
  });
});
