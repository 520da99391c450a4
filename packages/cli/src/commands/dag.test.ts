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

  describe('--space nb201', () => {
    const CELL = '|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|none~2|';

    it("draws an NB201 cell with that space's operation labels", async () => {
      const svg = captureIo();
      expect(await runCli(['dag', 'draw', CELL, '--space', 'nb201'], svg)).toBe(0);
      expect(svg.out).toMatch(/^<svg xmlns/);
      expect(svg.out).toContain('conv 3×3');
      expect(svg.out).toContain('avg pool 3×3');
      const dot = captureIo();
      expect(await runCli(['dag', 'draw', CELL, '--space', 'nb201', '--format', 'dot'], dot)).toBe(0);
      expect(dot.out).toMatch(/^digraph/);
      expect(dot.out).toContain('conv 1×1');
      // the ENAS default does not read an arch string
      const enas = captureIo();
      expect(await runCli(['dag', 'draw', CELL], enas)).toBe(1);
    });

    it('checks an NB201 cell with its rules; a malformed one names the position', async () => {
      const ok = captureIo();
      expect(await runCli(['dag', 'check', CELL, '--space', 'nb201', '--json'], ok)).toBe(0);
      expect(JSON.parse(ok.out)).toMatchObject({ valid: true });
      const bad = captureIo();
      expect(await runCli(['dag', 'check', '|nor_conv_3x3~0|+|conv~0|', '--space', 'nb201', '--json'], bad)).toBe(1);
      const result = JSON.parse(bad.out) as { valid: boolean; rule: string; message: string };
      expect(result).toMatchObject({ valid: false, rule: 'parse' });
      expect(result.message).toMatch(/^nb201: at character \d+: /);
      const anySize = captureIo();
      expect(await runCli(['dag', 'check', CELL, '--space', 'nb201', '--any-size'], anySize)).toBe(2);
      expect(anySize.err).toContain('--any-size is for enas6');
      const unknown = captureIo();
      expect(await runCli(['dag', 'check', CELL, '--space', 'nb301'], unknown)).not.toBe(0);
      expect(unknown.err).toContain('--space must be one of enas6, nb101, nb201');
    });
  });
});
