import { encodeSafetensors } from '@opnas/safetensors';
import type { TensorEntry } from '@opnas/safetensors';
import { describe, expect, it } from 'vitest';
import { ASSET_FORMAT, ASSET_VERSION, AssetError, readAsset } from './asset-format.js';
import type { AssetInfo } from './asset-format.js';
import { buildAsset } from './build-asset.js';
import { toHalves } from './float16.js';

const info: AssetInfo = {
  format: ASSET_FORMAT,
  version: ASSET_VERSION,
  run: { preset: 'smoke', model: 'dvae', hiddenSize: 4, latentSize: 2, epochs: 1, iterations: 1, trainingGraphs: 10, dataSha256: 'ab', runDir: 'run' },
  modelOptions: { hiddenSize: 4, latentSize: 2 },
  split: 'test',
  points: 2,
  tsne: { source: 'test', iterations: 1, perplexity: 30 },
  operations: ['input', 'output'],
  embedding: null,
  sgp: null,
  float16: { weights: false, latents: true, agreement: { same: 0, of: 0 } },
};

function tensors(): Record<string, TensorEntry> {
  return {
    'model.w': { dtype: 'F32', shape: [2], data: Float32Array.of(1, 2) },
    'points.mu': { dtype: 'F16', shape: [2, 2], data: toHalves([0.5, -1, 2, 0.25]) },
    'points.xy': { dtype: 'F32', shape: [2, 2], data: Float32Array.of(0, 1, 2, 3) },
    'points.accuracy': { dtype: 'F32', shape: [2], data: Float32Array.of(0.7, 0.75) },
    'points.index': { dtype: 'I32', shape: [2], data: Int32Array.of(5, 9) },
    'points.flat': { dtype: 'U8', shape: [2, 3], data: Uint8Array.of(0, 1, 2, 3, 4, 5) },
  };
}

describe('readAsset', () => {
  it('reads points, weights and strings back', () => {
    const asset = readAsset(encodeSafetensors(tensors(), { explorer: JSON.stringify(info) }));
    expect(Array.from(asset.mu)).toEqual([0.5, -1, 2, 0.25]);
    expect(asset.flat).toEqual(['0 1 2', '3 4 5']);
    expect(Array.from(asset.index)).toEqual([5, 9]);
    expect(Object.keys(asset.weights)).toEqual(['w']);
    expect(asset.sgp).toBeNull();
    expect(asset.embedding).toBeNull();
  });

  it('names a missing or misshapen tensor', () => {
    const t = tensors();
    delete t['points.xy'];
    expect(() => readAsset(encodeSafetensors(t, { explorer: JSON.stringify(info) }), 'a.safetensors')).toThrow("explorer: a.safetensors: tensor 'points.xy' is missing");
    const u = tensors();
    u['points.accuracy'] = { dtype: 'F32', shape: [3], data: Float32Array.of(1, 2, 3) };
    expect(() => readAsset(encodeSafetensors(u, { explorer: JSON.stringify(info) }))).toThrow("tensor 'points.accuracy' has shape [3], expected [2]");
  });

  it('refuses files that are not explorer assets, or of another version', () => {
    expect(() => readAsset(encodeSafetensors(tensors()))).toThrow(AssetError);
    expect(() => readAsset(encodeSafetensors(tensors(), { explorer: JSON.stringify({ ...info, version: 2 }) }))).toThrow(
      `format ${ASSET_FORMAT} version 2; this page reads ${ASSET_FORMAT} version 1`,
    );
  });
});

describe('buildAsset', () => {
  it('names a run folder that is not a run', async () => {
    await expect(buildAsset({ run: '/nonexistent/run', out: '/nonexistent/out' })).rejects.toThrow(/^explorer: --run \/nonexistent\/run: /);
  });
});
