import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENAS6 } from '@opnas/dag';
import { describe, expect, it } from 'vitest';
import { SpacesError } from './errors.js';
import { parseLabels, readLabelsFile } from './labels-file.js';
import { NB101 } from './nas-bench-101.js';
import { NB201 } from './nas-bench-201.js';

const nb201File = `# a synthetic labels file: arch string, then accuracy
|none~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|none~2|  71.5

|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|\t93.25
`;

describe('labels files', () => {
  it('reads notation + label per line, skipping comments and blank lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opnas-labels-'));
    try {
      const path = join(dir, 'nb201.txt');
      await writeFile(path, nb201File);
      const labelled = await readLabelsFile(path, NB201);
      expect(labelled.labels).toEqual([71.5, 93.25]);
      expect(labelled.keys[1]).toBe('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|');
      expect(labelled.byKey.get(labelled.keys[0]!)).toBe(71.5);
      expect(labelled.architectures[0]!.types).toEqual([0, 2, 3, 4, 5, 6, 2, 1]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ENAS flat strings with spaces work, as in the ENAS data file', () => {
    const labelled = parseLabels('1 0 0 5 1 1 4 1 1 1 0 1 0 0 0 0 0 0 1 0 0 0.7512\n', ENAS6);
    expect(labelled.labels).toEqual([0.7512]);
    expect(labelled.keys).toEqual(['1 0 0 5 1 1 4 1 1 1 0 1 0 0 0 0 0 0 1 0 0']);
  });

  it('two isomorphic NB101 cells are one architecture: an error naming both lines', () => {
    const text = 'input,conv3x3-bn-relu,maxpool3x3,output|0110,0001,0001,0000 0.9\ninput,maxpool3x3,conv3x3-bn-relu,output|0110,0001,0001,0000 0.8\n';
    expect(() => parseLabels(text, NB101, { source: 'cells.txt' })).toThrow('@opnas/spaces: cells.txt: line 2: the same architecture as line 1');
  });

  it('bad lines are errors naming the file and line', () => {
    const bad: [string, RegExp][] = [
      ['|none~0|+ 3', /line 1: @opnas\/spaces: nb201: at character/],
      [`${nb201File}|none~0|+|none~0|none~1|+|none~0|none~1|none~2| high`, /line 5: label "high" is not a finite number/],
      ['\n\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|', /line 3: expected "<architecture> <label>"/],
      ['# nothing\n', /no labelled architectures/],
    ];
    for (const [text, message] of bad) {
      expect(() => parseLabels(text, NB201, { source: 'x.txt' })).toThrow(SpacesError);
      expect(() => parseLabels(text, NB201, { source: 'x.txt' })).toThrow(message);
    }
    expect(() => parseLabels('input,conv3x3-bn-relu,output|010,000,000 1', NB101)).toThrow(/line 1: not a valid nb101 architecture \(connected:/);
  });
});
