import { createDag, dagFromEdges } from '@opnas/dag';
import { describe, expect, it } from 'vitest';
import { moduleHash } from './module-hash.js';

// Expected fingerprints were derived outside this code: the two-vertex one step by step with the
// md5sum command line tool (tuple texts "(1, 0, -1)" and "(0, 1, -2)", two rounds, then the
// Python list text of the sorted hashes), and all of them with a separate Python script that uses
// hashlib on the adjacency matrices as nasbench's graph_util does.
describe('moduleHash (nasbench graph_util.hash_module)', () => {
  it('input → output, derived by hand with md5sum', () => {
    expect(moduleHash(createDag([0, 1], [0, 1]), [-1, -2])).toBe('043721b9c7fe8c5fad811d47d83132ec');
  });

  it('input → op → output plus input → output, for two different op labels', () => {
    const cell = dagFromEdges(
      [0, 2, 1],
      [
        [0, 1],
        [0, 2],
        [1, 2],
      ],
    );
    expect(moduleHash(cell, [-1, 0, -2])).toBe('d32d0b26d534203b48d866facd98cc3e');
    expect(moduleHash(cell, [-1, 2, -2])).toBe('6f6257bc3b12d87b8736e81cd4b7ed8b');
  });

  it('the Inception-like cell of the nasbench README', () => {
    const cell = dagFromEdges(
      [0, 3, 2, 2, 2, 4, 1],
      [
        [0, 1],
        [0, 2],
        [0, 3],
        [0, 5],
        [1, 6],
        [2, 6],
        [3, 4],
        [4, 6],
        [5, 6],
      ],
    );
    expect(moduleHash(cell, [-1, 1, 0, 0, 0, 2, -2])).toBe('28cfc7874f6d200472e1a9dcd8650aa0');
  });
});
