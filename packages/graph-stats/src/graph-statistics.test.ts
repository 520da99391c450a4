import { describe, expect, it } from 'vitest';
import { averageLocalClustering } from './average-local-clustering.js';
import { averagePathLength } from './average-path-length.js';
import { chain3, specExample } from './fixtures.test-utils.js';
import { graphStatistics } from './graph-statistics.js';

describe('graphStatistics', () => {
  it('collects the statistics of the protocol §1.3 example', () => {
    const s = graphStatistics(specExample);
    expect(s.averagePathLength.toFixed(4)).toBe('1.7143');
    expect(s.transitivity).toBeCloseTo(0.6, 15);
    expect(s.density).toBe(0.25);
    expect(s.diameter).toBe(3);
    expect(s.cliqueNumber).toBe(4);
    expect(s.averageLocalClustering).toBe(averageLocalClustering(specExample));
  });

  it('passes options through to each statistic', () => {
    const s = graphStatistics(chain3, { averagePathLength: { convention: 'equation12' } });
    expect(s.averagePathLength).toBe(averagePathLength(chain3, { convention: 'equation12' }));
    expect(() => graphStatistics(chain3, { degreeAssortativity: { whenUndefined: 'throw' } })).toThrow('degreeAssortativity');
  });
});
