import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../cli-io.test-util.js';
import { runCli } from '../run.js';

const BEST = '3 3 0 2 0 1 3 1 0 0 3 1 0 1 0 3 0 0 1 1 0';

describe('opnas dag', () => {
  it('draw writes SVG to stdout or atomically to a file, and DOT on request', async () => {
    const io = captureIo();
    expect(await runCli(['dag', 'draw', BEST], io)).toBe(0);
    expect(io.out).toMatch(/^<svg xmlns/);
    const dir = await mkdtemp(join(tmpdir(), 'opnas-cli-'));
    try {
      const out = join(dir, 'best.dot');
      expect(await runCli(['dag', 'draw', BEST, '--format', 'dot', '--out', out], captureIo())).toBe(0);
      expect(await readFile(out, 'utf8')).toMatch(/^digraph/);
      expect(await readdir(dir)).toEqual(['best.dot']);
    } finally {
      await rm(dir, { recursive: true });
    }
    const bad = captureIo();
    expect(await runCli(['dag', 'draw', BEST, '--format', 'png'], bad)).not.toBe(0);
    expect(bad.err).toContain('--format must be one of svg, dot, got "png"');
  });

  it('check says valid, or names the rule that fails', async () => {
    const ok = captureIo();
    expect(await runCli(['dag', 'check', BEST, '--json'], ok)).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({ valid: true, vertices: 8 });

    const short = captureIo();
    expect(await runCli(['dag', 'check', '1 0 0'], short)).toBe(1);
    expect(short.out).toBe('invalid: vertex-count: the graph has 4 vertices, expected 8\n');
    const anySize = captureIo();
    expect(await runCli(['dag', 'check', '1 0 0', '--any-size'], anySize)).toBe(0);
    expect(anySize.out).toBe('valid (4 vertices)\n');

    const garbage = captureIo();
    expect(await runCli(['dag', 'check', '1 0 0 7 1 1', '--json'], garbage)).toBe(1);
    expect(JSON.parse(garbage.out)).toEqual({ valid: false, rule: 'parse', message: 'ENAS flat string: layer 2: op must be an integer in 0..5, found 7' });
  });

  it('draw refuses a malformed string with a one-line error', async () => {
    const io = captureIo();
    expect(await runCli(['dag', 'draw', '1 2'], io)).toBe(1);
    expect(io.err).toBe('opnas: ENAS flat string has 2 integers; expected a triangular count (21 for 6 layers)\n');
  });
});
