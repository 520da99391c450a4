import type { Dag } from '@opnas/dag';
import type { PythonRandomState } from '@opnas/rng';
import type { BackendName } from '@opnas/runtime';
import type { AdamSettings } from './adam.js';
import type { WasmMemory } from './shared-memory-kernels.js';

/**
 * Messages between the main thread and a training worker. Large arrays travel in
 * SharedArrayBuffers set up once (`init`); messages carry only indices, seeds and scalars.
 */
export type WorkerRequest =
  | {
      readonly kind: 'init';
      readonly model: string;
      readonly modelOptions: Readonly<Record<string, unknown>>;
      readonly backend: BackendName;
      readonly registerModules: readonly string[];
      readonly workerIndex: number;
      /** The shared buffers, and where each vector starts in it (bytes; `size` floats each). */
      readonly memory: SharedBuffers;
    }
  | { readonly kind: 'graphs'; readonly graphs: readonly Dag[] }
  | {
      readonly kind: 'gradient';
      readonly version: number;
      /** Indices into the graphs set with `graphs`. */
      readonly indices: readonly number[];
      /** The noise generator's state at the start of the batch. */
      readonly noise: PythonRandomState;
      /** Normal deviates the shards before this one consume. */
      readonly skip: number;
    }
  | {
      readonly kind: 'adam';
      readonly start: number;
      readonly end: number;
      readonly step: number;
      readonly learningRate: number;
      readonly settings: AdamSettings;
      /** Which workers' gradient buffers hold this batch's partial gradients, in summation order. */
      readonly sources: readonly number[];
    }
  | { readonly kind: 'encode'; readonly version: number; readonly graphs: readonly Dag[]; readonly nll: boolean }
  | { readonly kind: 'decode'; readonly version: number; readonly z: Float32Array; readonly seed: number; readonly stochastic: boolean }
  | { readonly kind: 'close' };

/**
 * Weights, Adam moments and per-worker gradients in one shared block: a shared
 * `WebAssembly.Memory` (so that the Adam kernel can work on it), or a SharedArrayBuffer when the
 * block exceeds WebAssembly's 4 GiB.
 */
export interface SharedBuffers {
  /** A shared WebAssembly memory (`kind: 'wasm'`) or a plain SharedArrayBuffer. */
  readonly kind: 'wasm' | 'sab';
  readonly memory: WasmMemory | SharedArrayBuffer;
  readonly size: number;
  readonly weights: number;
  readonly m: number;
  readonly v: number;
  readonly grads: readonly number[];
}

/** What a worker answers to a `gradient` request (sums over its shard; float32 values). */
export interface GradientReply {
  readonly loss: number;
  readonly recon: number;
  readonly kld: number;
  /** The first non-finite gradient entry, if any: variable index and position. */
  readonly nonFiniteGradient: { readonly variable: number; readonly at: number; readonly value: number } | null;
  /** Wall time of loading the weights, the forward and backward pass, and copying the gradient out. */
  readonly seconds: WorkerSeconds;
}

/** Where a worker's time went in one gradient request. */
export interface WorkerSeconds {
  readonly load: number;
  readonly compute: number;
  readonly extract: number;
}

export interface InitReply {
  readonly shapes: readonly (readonly number[])[];
}

export interface EncodeReply {
  readonly mu: Float32Array;
  /** Σ recon at z = μ over the graphs, when asked for (`nll`). */
  readonly recon: number;
}

export interface DecodeReply {
  readonly graphs: readonly Dag[];
}

/** Envelope of every message: requests carry an id, replies echo it. */
export interface Envelope<T> {
  readonly id: number;
  readonly body: T;
}

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly body: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string; readonly name: string };
