import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStage, stageKey } from './stage-cache.js';

describe('runStage', () => {
  it('runs once, skips while the inputs are unchanged, reruns when they change', async () => {
    const out = await mkdtemp(join(tmpdir(), 'opnas-stage-'));
    try {
      let runs = 0;
      const work = async () => ++runs;
      const quiet = () => {};
      expect((await runStage(out, 's', { a: 1 }, work, quiet)).result).toBe(1);
      const again = await runStage(out, 's', { a: 1 }, work, quiet);
      expect(again).toMatchObject({ result: 1, skipped: true });
      expect((await runStage(out, 's', { a: 2 }, work, quiet)).result).toBe(2);
      const record = JSON.parse(await readFile(join(out, 's', 'stage.json'), 'utf8'));
      expect(record.key).toBe(stageKey({ a: 2 }));
    } finally {
      await rm(out, { recursive: true });
    }
  });

  it('does not record a stage that failed, so the next run repeats it', async () => {
    const out = await mkdtemp(join(tmpdir(), 'opnas-stage-'));
    try {
      await expect(
        runStage(
          out,
          's',
          {},
          () => Promise.reject(new Error('killed')),
          () => {},
        ),
      ).rejects.toThrow('killed');
      expect(
        (
          await runStage(
            out,
            's',
            {},
            async () => 'ok',
            () => {},
          )
        ).skipped,
      ).toBe(false);
    } finally {
      await rm(out, { recursive: true });
    }
  });

  it('keeps the progress a killed stage left in its folder, and clears it when the inputs change', async () => {
    const out = await mkdtemp(join(tmpdir(), 'opnas-stage-'));
    const progress = join(out, 's', 'progress.txt');
    try {
      // First attempt: leaves progress behind, then dies.
      await expect(
        runStage(
          out,
          's',
          { a: 1 },
          async (dir) => {
            await writeFile(join(dir, 'progress.txt'), 'half');
            throw new Error('killed');
          },
          () => {},
        ),
      ).rejects.toThrow('killed');
      // Same inputs: the stage sees its progress and continues.
      const seen = await runStage(
        out,
        's',
        { a: 1 },
        (dir) => readFile(join(dir, 'progress.txt'), 'utf8'),
        () => {},
      );
      expect(seen.result).toBe('half');
      // Changed inputs: a fresh folder.
      await runStage(
        out,
        's',
        { a: 2 },
        async () => 0,
        () => {},
      );
      await expect(access(progress)).rejects.toThrow();
    } finally {
      await rm(out, { recursive: true });
    }
  });
});
