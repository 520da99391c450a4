import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFigure } from './write-figure.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('writeFigure', () => {
  it('writes SVG, PNG, CSV, JSON and the spec, and nothing else', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opnas-viz-'));
    dirs.push(dir);
    const data = [
      { a: 1, b: 2 },
      { a: 2, b: 3 },
    ];
    const files = await writeFigure(
      { name: 'demo', data, spec: { data: { values: data }, mark: 'line', encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } } } },
      join(dir, 'out'),
    );
    expect(Object.keys(files).sort()).toEqual(['csv', 'json', 'png', 'spec', 'svg']);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['demo.csv', 'demo.json', 'demo.png', 'demo.svg', 'demo.vl.json']);
    expect(await readFile(files.csv, 'utf8')).toBe('a,b\n1,2\n2,3\n');
    expect(JSON.parse(await readFile(files.json, 'utf8'))).toEqual(data);
    expect((await readFile(files.svg, 'utf8')).startsWith('<svg')).toBe(true);
    expect((await readFile(files.png!)).subarray(1, 4).toString()).toBe('PNG');
  });

  it('takes a ready SVG, can skip the PNG, and rejects bad names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opnas-viz-'));
    dirs.push(dir);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>';
    const files = await writeFigure({ name: 'drawing', data: [], svg }, dir, { png: false });
    expect(files.png).toBeUndefined();
    expect(await readFile(files.svg, 'utf8')).toBe(svg);
    await expect(writeFigure({ name: '../escape', data: [], svg }, dir)).rejects.toThrow('figure.name "../escape" must use only');
    await expect(writeFigure({ name: 'empty', data: [] }, dir)).rejects.toThrow('has neither a spec nor an svg');
  });
});
