import { describe, expect, it } from 'vitest';
import { commandLine, opnas } from './opnas.js';

describe('opnas (in-process command runner)', () => {
  it("returns the command's JSON", async () => {
    const result = await opnas<{ valid: boolean; vertices: number }>(['dag', 'check', '3 3 0 2 0 1 3 1 0 0 3 1 0 1 0 3 0 0 1 1 0'], () => {});
    expect(result).toEqual({ valid: true, vertices: 8 });
  });

  it('turns a failing command into an error naming it, and passes its messages on, prefixed', async () => {
    const lines: string[] = [];
    await expect(opnas(['dag', 'check', '1 2 3'], (l) => lines.push(l))).rejects.toThrow('opnas dag check 1 2 3 failed with exit code 1');
    // An unknown command is a usage error: exit code 2 on every opnas command (the CLI README's conventions).
    await expect(opnas(['no-such-command'], (l) => lines.push(l))).rejects.toThrow('failed with exit code 2');
    expect(lines.some((l) => l.startsWith('  no-such-command: ') && l.includes("unknown command 'no-such-command'"))).toBe(true);
  });

  it('shows a command as a user would type it, quoting what the shell would split', () => {
    expect(commandLine(['train', '--model', 'dvae', '--out', 'runs/dvae'])).toBe('opnas train --model dvae --out runs/dvae');
    expect(commandLine(['dag', 'check', '1 0 0', "it's"])).toBe("opnas dag check '1 0 0' 'it'\\''s'");
  });
});
