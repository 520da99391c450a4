import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** What a finished stage left behind: the key of its inputs and its result. */
interface StageRecord<T> {
  readonly key: string;
  readonly result: T;
  readonly seconds: number;
}

/** Hash of a stage's inputs (settings and upstream results); a changed key reruns the stage. */
export function stageKey(inputs: unknown): string {
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 16);
}

/**
 * Run a stage unless `<out>/<name>/stage.json` records the same input key, in which case its
 * stored result is returned. The record is written atomically after the stage finishes, so a
 * killed run repeats only the stage it was in — and a stage that keeps its own progress in its
 * folder (a training checkpoint, a BO log) continues from it: the folder is kept while its
 * `inputs.json` has the same key, and emptied when the inputs changed.
 */
export async function runStage<T>(
  out: string,
  name: string,
  inputs: unknown,
  run: (dir: string) => Promise<T>,
  log: (line: string) => void,
): Promise<{ result: T; seconds: number; skipped: boolean }> {
  const dir = join(out, name);
  const recordPath = join(dir, 'stage.json');
  const key = stageKey(inputs);
  try {
    const record = JSON.parse(await readFile(recordPath, 'utf8')) as StageRecord<T>;
    if (record.key === key) {
      log(`stage ${name}: inputs unchanged, skipped`);
      return { result: record.result, seconds: record.seconds, skipped: true };
    }
  } catch {
    // No usable record: run the stage.
  }
  const inputsPath = join(dir, 'inputs.json');
  const previous = await readFile(inputsPath, 'utf8').then(
    (text) => (JSON.parse(text) as { key?: string }).key,
    () => undefined,
  );
  if (previous !== undefined && previous !== key) {
    log(`stage ${name}: inputs changed, starting it again`);
    await rm(dir, { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
  if (previous !== key) await writeFileAtomic(inputsPath, `${JSON.stringify({ key, inputs }, null, 2)}\n`);
  log(`stage ${name}: ${previous === key ? 'continuing' : 'running'}`);
  const started = performance.now();
  const result = await run(dir);
  const seconds = (performance.now() - started) / 1000;
  await writeFileAtomic(recordPath, `${JSON.stringify({ key, result, seconds }, null, 2)}\n`);
  log(`stage ${name}: done in ${seconds.toFixed(1)} s`);
  return { result, seconds, skipped: false };
}
