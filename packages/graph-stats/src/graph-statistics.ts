import type { Dag } from '@opnas/dag';
import { averageLocalClustering, type AverageLocalClusteringOptions } from './average-local-clustering.js';
import { averagePathLength, type AveragePathLengthOptions } from './average-path-length.js';
import { cliqueNumber } from './clique-number.js';
import { degreeAssortativity, type DegreeAssortativityOptions } from './degree-assortativity.js';
import { density, type DensityOptions } from './density.js';
import { diameter } from './diameter.js';
import { transitivity, type TransitivityOptions } from './transitivity.js';

/** Every statistic of one graph, with the defaults of the single-statistic functions. */
export interface GraphStatistics {
  /** {@link averagePathLength}: directed, igraph convention (protocol §8). */
  readonly averagePathLength: number;
  /** {@link transitivity}: global clustering coefficient, directions ignored (protocol §8). */
  readonly transitivity: number;
  /** {@link averageLocalClustering}. */
  readonly averageLocalClustering: number;
  /** {@link density}: directed. */
  readonly density: number;
  /** {@link diameter}: undirected. */
  readonly diameter: number;
  /** {@link degreeAssortativity}: directed. */
  readonly degreeAssortativity: number;
  /** {@link cliqueNumber}. */
  readonly cliqueNumber: number;
}

/** Options of {@link graphStatistics}: the options of each statistic, passed through. */
export interface GraphStatisticsOptions {
  readonly averagePathLength?: AveragePathLengthOptions;
  readonly transitivity?: TransitivityOptions;
  readonly averageLocalClustering?: AverageLocalClusteringOptions;
  readonly density?: DensityOptions;
  readonly degreeAssortativity?: DegreeAssortativityOptions;
}

/** All statistics the authors' analysis computed (protocol §8), plus average local clustering. */
export function graphStatistics(dag: Dag, options: GraphStatisticsOptions = {}): GraphStatistics {
  return {
    averagePathLength: averagePathLength(dag, options.averagePathLength),
    transitivity: transitivity(dag, options.transitivity),
    averageLocalClustering: averageLocalClustering(dag, options.averageLocalClustering),
    density: density(dag, options.density),
    diameter: diameter(dag),
    degreeAssortativity: degreeAssortativity(dag, options.degreeAssortativity),
    cliqueNumber: cliqueNumber(dag),
  };
}
