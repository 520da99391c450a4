import { integerAtLeast } from '@opnas/errors';
import type { PythonRandom } from '@opnas/rng';
import type { ReferenceParameter, Scalar } from '@opnas/runtime';
import { SequenceVaeError, invalidArgument } from './errors.js';

/**
 * Sizes and settings of a sequence model; defaults are the paper's (protocol §3, §4.1). The same
 * fields as `GraphVaeOptions` of `@opnas/vae` (which registers these models).
 */
export interface SequenceModelOptions {
  /** Hidden size `hs`. Default 501. */
  readonly hiddenSize?: number;
  /** Latent size `nz`. Default 56. */
  readonly latentSize?: number;
  /** Largest vertex count `max_n`: graphs are `max_n − 1` rows. Default 8 (ENAS-6). */
  readonly maxVertices?: number;
  /** Seed of the parameter initialisation and of the model's own noise generator. Default 1. */
  readonly seed?: number;
  /** KL weight β. Default 0.005. */
  readonly beta?: number;
  /** Scale of the reparameterisation noise. Default 0.01 (protocol §2.4). */
  readonly epsScale?: number;
}

/** Options of a sequence model's `loss`. */
export interface SequenceLossOptions {
  /** Training mode samples `z = μ + 0.01·ε·σ` (protocol §2.4); eval mode uses `z = μ`. Default `true`. */
  readonly training?: boolean;
  /** Generator for ε. Default: the model's own, seeded from its `seed`. */
  readonly random?: PythonRandom;
}

/** The summed losses of a batch (protocol §2.5); all scalars, all sums over the batch. */
export interface SequenceLoss {
  /** `recon + β·kld`. */
  readonly loss: Scalar;
  /** Cross-entropy of the types plus binary cross-entropy of all `T × T` edge entries. */
  readonly recon: Scalar;
  readonly kld: Scalar;
}

/** Validated {@link SequenceModelOptions} with defaults filled in. */
export interface ModelSettings {
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly seed: number;
  readonly beta: number;
  readonly epsScale: number;
}

/** Fills in the paper's defaults and checks every setting. @throws {SequenceVaeError} naming the option. */
export function readModelSettings(options: SequenceModelOptions): ModelSettings {
  const seed = options.seed ?? 1;
  const beta = options.beta ?? 0.005;
  const epsScale = options.epsScale ?? 0.01;
  if (!Number.isSafeInteger(seed)) throw new SequenceVaeError(`@opnas/sequence-vae: seed must be a safe integer, got ${seed}`);
  if (!(beta >= 0)) throw new SequenceVaeError(`@opnas/sequence-vae: beta must be ≥ 0, got ${beta}`);
  if (!(epsScale >= 0)) throw new SequenceVaeError(`@opnas/sequence-vae: epsScale must be ≥ 0, got ${epsScale}`);
  // At least START and END; at most 32 (in-neighbour sets are 32-bit masks).
  const maxVertices = integerAtLeast(options.maxVertices ?? 8, 2, 'maxVertices', invalidArgument);
  if (maxVertices > 32) throw new SequenceVaeError(`@opnas/sequence-vae: maxVertices must be ≤ 32, got ${maxVertices}`);
  return {
    hiddenSize: integerAtLeast(options.hiddenSize ?? 501, 1, 'hiddenSize', invalidArgument),
    latentSize: integerAtLeast(options.latentSize ?? 56, 1, 'latentSize', invalidArgument),
    maxVertices,
    seed,
    beta,
    epsScale,
  };
}

/** Parameters sorted into a reference `state_dict` order given by name prefixes (stable within a module). */
export function inReferenceOrder(parameters: readonly ReferenceParameter[], order: readonly string[]): ReferenceParameter[] {
  const rank = (name: string) => {
    const r = order.findIndex((prefix) => name.startsWith(prefix));
    return r === -1 ? order.length : r;
  };
  return parameters
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p.name) - rank(b.p.name) || a.i - b.i)
    .map(({ p }) => p);
}
