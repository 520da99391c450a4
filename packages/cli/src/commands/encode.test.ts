import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLatents } from '@opnas/latents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEncodeCommand } from './encode.js';
import { registerEvalCommand } from './eval.js';
import { registerTrainCommand } from './train.js';
import { commandRunner, TEST_DATA as DATA } from '../cli-io.test-util.js';


const run = commandRunner(registerTrainCommand, registerEvalCommand, registerEncodeCommand);

/** A tiny trained run (hs 8, 3 epochs on 24 graphs), without latents. */
async function tinyRun(dir: string): Promise<string> {
  const runDir = join(dir, 'run');
  await run(['train', '--model', 'dvae', '--epochs', '3', '--hidden', '8', '--latent', '4', '--subset', '24', '--batch', '8', '--workers', '1', '--data', DATA, '--out', runDir, '--no-latents']).done;
  return runDir;
}

describe('opnas encode', () => {
  let dir: string;
  let runDir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opnas-encode-cli-'));
    runDir = await tinyRun(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('encodes a run into a latents file of its choice', async () => {
    const out = join(dir, 'elsewhere.safetensors');
    const r = run(['encode', '--run', runDir, '--out', out, '--workers', '2']);
    await r.done;
    expect(r.output()).toMatch(/wrote .*elsewhere\.safetensors: μ of 17118 train and 1902 test graphs \(dvae, iteration 1, epoch 3\)/);
    expect((await readLatents(out)).metadata).toMatchObject({ model: 'dvae', epoch: '3' });
  });

});
