import { join } from 'node:path';
import { TEST_DATA, commandRunner } from './cli-io.test-util.js';
import { registerTrainCommand } from './commands/train.js';

const train = commandRunner(registerTrainCommand);

/** A tiny trained `dvae` run (hs 8, latent 4, 3 epochs on 24 graphs, no latents) in `<dir>/run`. */
export async function tinyTrainedRun(dir: string): Promise<string> {
  const runDir = join(dir, 'run');
  await train([
    'train',
    '--model',
    'dvae',
    '--epochs',
    '3',
    '--hidden',
    '8',
    '--latent',
    '4',
    '--subset',
    '24',
    '--batch',
    '8',
    '--workers',
    '1',
    '--data',
    TEST_DATA,
    '--out',
    runDir,
    '--no-latents',
  ]).done;
  return runDir;
}
