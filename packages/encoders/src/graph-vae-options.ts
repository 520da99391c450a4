import { ENAS_VOCABULARY, defineVocabulary } from '@opnas/dag';
import type { OperationVocabulary } from '@opnas/dag';
import { integerAtLeast, positiveInteger } from '@opnas/errors';

/** Sizes and settings shared by all graph VAEs; defaults are the paper's (protocol §3, §4.1). */
export interface GraphVaeOptions {
  /** Hidden size `hs`. Default 501. */
  readonly hiddenSize?: number;
  /** Latent size `nz`. Default 56. */
  readonly latentSize?: number;
  /** Largest vertex count `max_n`. Default 8 (ENAS-6). */
  readonly maxVertices?: number;
  /** Seed of the parameter initialisation and of the model's own noise generator. Default 1. */
  readonly seed?: number;
  /** KL weight β. Default 0.005. */
  readonly beta?: number;
  /** Scale of the reparameterisation noise. Default 0.01 (protocol §2.4). */
  readonly epsScale?: number;
  /**
   * The vertex types of the search space (a `SearchSpace`'s `vocabulary`): sets the width of the
   * one-hot encoding or the rows of the embedding table, and the START / END types the decoder
   * generates from and stops at. Default ENAS's 8 types. The sequence models (svae, graphrnn)
   * take ENAS-6 only.
   */
  readonly vocabulary?: OperationVocabulary;
}

/** {@link GraphVaeOptions} checked, with the defaults filled in. */
export interface GraphVaeSettings {
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly seed: number;
  readonly beta: number;
  readonly epsScale: number;
  readonly vocabulary: OperationVocabulary;
}

/** How {@link readGraphVaeOptions} reports a bad option, and the model's own limits. */
export interface GraphVaeOptionChecks {
  /**
   * Throws the model package's own error for a message such as `hiddenSize must be a positive
   * integer, got 0` (the package prefixes its name): errors name the package the user called.
   */
  readonly fail: (message: string) => never;
  /** The fewest and most vertices the model can hold. Default 1 and no limit. */
  readonly maxVertices?: { readonly minimum?: number; readonly maximum?: number };
}

function integer(name: string, value: number, minimum: number, fail: (message: string) => never): number {
  return minimum === 1 ? positiveInteger(value, name, fail) : integerAtLeast(value, minimum, name, fail);
}

/**
 * The one reading of {@link GraphVaeOptions} every model does: the paper's defaults filled in and
 * each value checked, a failure naming the option through `checks.fail`.
 */
export function readGraphVaeOptions(options: GraphVaeOptions, checks: GraphVaeOptionChecks): GraphVaeSettings {
  const { fail } = checks;
  const hiddenSize = integer('hiddenSize', options.hiddenSize ?? 501, 1, fail);
  const latentSize = integer('latentSize', options.latentSize ?? 56, 1, fail);
  const maxVertices = integer('maxVertices', options.maxVertices ?? 8, checks.maxVertices?.minimum ?? 1, fail);
  const maximum = checks.maxVertices?.maximum;
  if (maximum !== undefined && maxVertices > maximum) fail(`maxVertices must be ≤ ${maximum}, got ${maxVertices}`);
  const seed = options.seed ?? 1;
  const beta = options.beta ?? 0.005;
  const epsScale = options.epsScale ?? 0.01;
  if (!Number.isSafeInteger(seed)) fail(`seed must be a safe integer, got ${seed}`);
  if (!(beta >= 0)) fail(`beta must be ≥ 0, got ${beta}`);
  if (!(epsScale >= 0)) fail(`epsScale must be ≥ 0, got ${epsScale}`);
  let vocabulary = ENAS_VOCABULARY;
  if (options.vocabulary !== undefined) {
    try {
      vocabulary = defineVocabulary(options.vocabulary);
    } catch (error) {
      fail(`vocabulary: ${(error as Error).message}`);
    }
  }
  return { hiddenSize, latentSize, maxVertices, seed, beta, epsScale, vocabulary };
}
