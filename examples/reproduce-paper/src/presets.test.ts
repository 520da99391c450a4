import { describe, expect, it } from 'vitest';
import { MODELS, PRESETS, protocolDeviations, recipeArguments, searchModels } from './presets.js';
import { trainArguments } from './train-stage.js';

describe('presets', () => {
  it("the paper preset is the paper's protocol (protocol §4–§7)", () => {
    // protocol §4.1 (hs 501, nz 56, 300 epochs), §4.2 (T = 4), §5 (100 decodings, 1,000 points),
    // §6.6 (M = 500, 100 epochs, 10 seeds), §7 (10 rounds of 50, 10 seeds), §9 (1,000 iterations; we map the larger train split).
    expect(PRESETS.paper).toMatchObject({
      trainGraphs: null,
      hidden: 501,
      latent: 56,
      epochs: 300,
      embIterations: 4,
      evalDecodings: 100,
      evalPoints: 1000,
      sgpSeeds: 10,
      sgpInducing: 500,
      sgpEpochs: 100,
      boSeeds: 10,
      boRounds: 10,
      boBatch: 50,
      tsneSplit: 'train',
      tsneIterations: 1000,
    });
  });

  it('the cpu preset uses the full data and the full evaluation protocol', () => {
    expect(PRESETS.cpu).toMatchObject({ trainGraphs: null, latent: 56, evalDecodings: 100, evalPoints: 1000, sgpInducing: 500, sgpEpochs: 100, tsneSplit: 'train' });
  });

  it('covers the six models of Tables 1–2', () => {
    expect([...MODELS].sort()).toEqual(['dvae', 'dvae-emb', 'gcn', 'gcn-emb', 'graphrnn', 'svae']);
  });

  it('lists no deviation for the paper preset and every deviation for the others', () => {
    expect(protocolDeviations(PRESETS.paper)).toEqual([]);
    expect(PRESETS.paper.recipe).toBeNull();
    for (const name of ['cpu', 'cpu-core', 'smoke'] as const) {
      const preset = PRESETS[name];
      const deviations = protocolDeviations(preset).join('\n');
      expect(deviations).toMatch(/training recipe: Adam lr .* instead of lr 1e-4 with ReduceLROnPlateau, batch 32/);
      if (preset.hidden !== 501) expect(deviations).toContain(`hidden size ${preset.hidden} instead of 501`);
      if (preset.epochs !== 300) expect(deviations).toContain(`${preset.epochs} epochs instead of 300`);
    }
    // A changed field is reported whichever preset it is changed in.
    const changed = { ...PRESETS.paper, epochs: 77, sgpSeeds: 3 };
    expect(protocolDeviations(changed)).toEqual([`${changed.epochs} epochs instead of 300`, '3 sparse-GP seed(s) instead of 10']);
    expect(protocolDeviations(PRESETS['cpu-core']).join('\n')).toContain('models not trained: gcn, svae, graphrnn, gcn-emb');
  });

  it('passes the recipe to opnas train, and the paper protocol passes none', () => {
    const cpu = PRESETS.cpu;
    const args = trainArguments('dvae', cpu, 'data.txt', 'run', 2);
    const flag = (name: string) => args[args.indexOf(name) + 1];
    expect(flag('--lr')).toBe(String(cpu.recipe!.lr));
    expect(flag('--schedule')).toBe(cpu.recipe!.schedule);
    expect(flag('--batch')).toBe(String(cpu.recipe!.batch));
    expect(trainArguments('dvae', PRESETS.paper, 'data.txt', 'run', 2).filter((a) => ['--lr', '--schedule', '--batch', '--warmup'].includes(a))).toEqual([]);
    expect(recipeArguments({ lr: 2e-3, schedule: 'constant', warmupEpochs: 0.5, finalFraction: 0.01, batch: 64 })).toEqual([
      '--lr',
      '0.002',
      '--schedule',
      'constant',
      '--warmup',
      '0.5',
      '--batch',
      '64',
    ]);
  });

  it('the core pair preset trains and searches only D-VAE and DVAE-EMB', () => {
    expect(PRESETS['cpu-core'].models).toEqual(['dvae', 'dvae-emb']);
    expect(searchModels(PRESETS['cpu-core'])).toEqual(['dvae', 'dvae-emb']);
    expect(searchModels({ ...PRESETS.cpu, models: ['gcn', 'dvae-emb'] })).toEqual(['dvae-emb']);
  });
});
