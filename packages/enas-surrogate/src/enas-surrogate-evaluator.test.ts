import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccuracyLookup, loadEnasDataset } from '@opnas/enas-data';
import { pearson } from '@opnas/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENAS_DATA } from './enas-data-path.test-util.js';
import { enasSurrogateEvaluator } from './enas-surrogate-evaluator.js';
import { DEFAULT_SURROGATE_PATH, type EnasSurrogate, loadEnasSurrogate } from './surrogate-file.js';

let dir: string;
let model: EnasSurrogate;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opnas-surrogate-'));
  model = await loadEnasSurrogate();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the shipped ENAS-6 surrogate (model/enas-surrogate-v1.json)', () => {
  it('is small, checked against its sha256, and says what it was fitted on and how well it predicts held-out data', async () => {
    const bytes = await readFile(DEFAULT_SURROGATE_PATH);
    expect(bytes.length).toBeLessThan(4 * 1024 * 1024);
    expect(model.file.data.architectures).toBe(20_015);
    expect(model.file.heldOut.heldOut).toBe(2_002);
    // the published held-out numbers beat a constant predictor by far
    expect(model.file.heldOut.rmse).toBeLessThan(0.5 * model.file.heldOut.constantRmse);
    expect(model.file.heldOut.kendallTau).toBeGreaterThan(0.7);
  });

  it('tracks the dataset: Pearson > 0.95 against the weight-sharing accuracies it was fitted on (every 5th of 20,015)', async () => {
    const data = await loadEnasDataset({ path: ENAS_DATA });
    expect(model.file.data.sha256).toBe(data.sha256);
    const labelled = [...new AccuracyLookup(data.records).entries()].filter((_, i) => i % 5 === 0);
    const p = Array.from(await model.predict(labelled.map(([f]) => f)));
    expect(
      pearson(
        p,
        labelled.map(([, a]) => a),
      ).coefficient,
    ).toBeGreaterThan(0.95);
  });

  it('scores any ENAS-6 architecture as a labelled surrogate prediction; other strings fail', async () => {
    const evaluator = await enasSurrogateEvaluator(model);
    expect(evaluator.surrogate).toBe(true);
    expect(evaluator.kind).toBe('surrogate');
    expect(evaluator.label).toMatch(/^SURROGATE-predicted accuracy, not measured \(enas-surrogate-v1: gradient-boosted trees/);
    const novel = '5 5 1 5 1 1 5 1 1 1 5 1 1 1 1 5 1 1 1 1 1';
    const [a, b] = await evaluator.evaluate([novel, 'not an architecture']);
    expect(a).toMatchObject({ flat: novel, status: 'scored', source: 'surrogate' });
    expect(a!.status === 'scored' && a!.accuracy > 0.6 && a!.accuracy < 0.8).toBe(true);
    expect(b).toMatchObject({ status: 'failed', source: 'surrogate', reason: expect.stringMatching(/not an ENAS flat string/) });
  });

  it('refuses a model file that was altered or has no sha256', async () => {
    const copy = join(dir, 'model.json');
    await copyFile(DEFAULT_SURROGATE_PATH, copy);
    await expect(loadEnasSurrogate(copy)).rejects.toThrow(/model.json.sha256 is missing/);
    await copyFile(`${DEFAULT_SURROGATE_PATH}.sha256`, `${copy}.sha256`);
    expect((await loadEnasSurrogate(copy)).sha256).toBe(model.sha256);
    const text = await readFile(copy, 'utf8');
    await writeFile(copy, text.replace('"base":0.7', '"base":0.8'));
    await expect(loadEnasSurrogate(copy)).rejects.toThrow(/sha256 [0-9a-f]{64} does not match/);
    await expect(loadEnasSurrogate(join(dir, 'none.json'))).rejects.toThrow(/cannot read the model file/);
  });
});
