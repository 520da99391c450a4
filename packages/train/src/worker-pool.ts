import { positiveInteger } from '@opnas/errors';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { Dag } from '@opnas/dag';
import type { PythonRandomState } from '@opnas/rng';
import { currentRuntime, isDeviceBackend } from '@opnas/runtime';
import type { BackendName } from '@opnas/runtime';
import type { GraphVae } from '@opnas/vae';
import type { AdamSettings } from './adam.js';
import { sharedWasmMemory } from './shared-memory-kernels.js';
import type { WasmMemory } from './shared-memory-kernels.js';
import { TrainError, invalidArgument } from './errors.js';
import type { ParameterLayout } from './parameter-layout.js';
import { checkSameLayout, parameterLayout, readVariables } from './parameter-layout.js';
import type { DecodeReply, EncodeReply, Envelope, GradientReply, InitReply, SharedBuffers, WorkerReply, WorkerRequest, WorkerSeconds } from './worker-protocol.js';
import { WorkerRequestHandler } from './worker-requests.js';

/** Options of {@link WorkerPool.start}. */
export interface WorkerPoolOptions {
  /** Registry name of the model each worker replicates. */
  readonly model: string;
  /** Options the workers build the model with (sizes, seed, …). */
  readonly modelOptions?: Readonly<Record<string, unknown>>;
  /** The parameter layout of the main thread's copy of the model; the workers' must match. */
  readonly layout: ParameterLayout;
  /**
   * Number of worker threads. Default: one per core (`os.availableParallelism()`). On a device
   * backend (`webgpu`, `tensorflow`) the pool always has one member, in the main thread (see
   * {@link poolMembers}).
   */
  readonly workers?: number;
  /** Backend each worker initialises. Default: the main thread's, else `wasm`. */
  readonly backend?: BackendName;
  /**
   * Modules each worker imports before building the model, for models registered outside
   * `@opnas/vae` (their import registers them). Default none.
   */
  readonly registerModules?: readonly string[];
}

/** Losses of one batch, summed over its graphs (float64 sums of the shards' float32 values). */
export interface BatchLosses {
  readonly loss: number;
  readonly recon: number;
  readonly kld: number;
  /** Set when a shard's gradient had a NaN or infinite entry. */
  readonly nonFiniteGradient: string | null;
  /** Each busy worker's time split (for profiling). */
  readonly workerSeconds: readonly WorkerSeconds[];
}

// This module's location: `…/src/worker-pool.ts` when running from source (tests, tsx), a file
// in `dist/` when built (CJS has __filename; its import.meta is empty).
const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;

/** The tsx loader's ESM API, to run the TypeScript worker from source (development only). */
function tsxApiUrl(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return pathToFileURL(
      createRequire(here)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
  }
}

function spawn(): Worker {
  if (here.endsWith('.ts')) {
    // From source: a bootstrap module registers tsx in the worker, then loads the TypeScript
    // worker; `--conditions` makes workspace packages resolve to their sources too.
    const entry = new URL('./training-worker.ts', here).href;
    const code = `const api = await import(${JSON.stringify(tsxApiUrl())}); api.register(); await import(${JSON.stringify(entry)});`;
    return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { execArgv: ['--conditions=@opnas/source'] });
  }
  return new Worker(new URL(here.endsWith('.cjs') ? './training-worker.cjs' : './training-worker.js', here));
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** A pool member: a worker thread or the main thread. */
interface MemberHandle {
  readonly index: number;
  request<T>(body: WorkerRequest): Promise<T>;
  terminate(): Promise<void>;
}

/**
 * The pool's one member on a device backend: the request handler of a worker, run in the main
 * thread. A device holds the model's tensors, so replicas in threads would only compete for it
 * (and tfjs-node is reported not to start in a second thread); its requests run one at a time,
 * as a worker's do.
 */
class MainThreadHandle implements MemberHandle {
  private readonly handler = new WorkerRequestHandler();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(readonly index: number) {}

  request<T>(body: WorkerRequest): Promise<T> {
    if (this.closed) return Promise.reject(new TrainError('@opnas/train: the worker pool is closed'));
    const run = this.queue.then(() => this.handler.handle(body));
    this.queue = run.catch(() => undefined);
    return run.then(
      (value) => value as T,
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        throw e instanceof TrainError ? e : new TrainError(`${e.message} (main thread, ${e.name})`, { cause: e });
      },
    );
  }

  async terminate(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.handler.handle({ kind: 'close' });
  }
}

/**
 * The members a pool gets: `workers` threads on the CPU backends (`wasm`, `cpu`), one member
 * in the main thread on a device backend (`webgpu`, `tensorflow`), whatever `workers` says.
 */
export function poolMembers(backend: BackendName, workers: number): { readonly count: number; readonly mainThread: boolean } {
  return isDeviceBackend(backend) ? { count: 1, mainThread: true } : { count: workers, mainThread: false };
}

/** One worker thread and its request queue (one request in flight at a time). */
class WorkerHandle implements MemberHandle {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(
    readonly index: number,
    private readonly worker: Worker,
  ) {
    worker.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (p === undefined) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.body);
      else {
        const error = new TrainError(`${reply.error} (worker ${index}, ${reply.name})`);
        p.reject(error);
      }
    });
    worker.on('error', (error) => this.fail(new TrainError(`@opnas/train: worker ${index} crashed: ${error.message}`)));
    worker.on('exit', (code) => this.fail(new TrainError(`@opnas/train: worker ${index} exited (code ${code})`)));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  request<T>(body: WorkerRequest): Promise<T> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, body } satisfies Envelope<WorkerRequest>);
    });
  }

  async terminate(): Promise<void> {
    this.failure ??= new TrainError('@opnas/train: the worker pool is closed');
    await this.worker.terminate();
  }
}

const PAGE = 65536;
const MAX_PAGES = 65536;

/**
 * One shared block for the weights, both Adam moments and a gradient per worker, each vector
 * 16-byte aligned: a shared `WebAssembly.Memory` so that the workers' Adam runs as a SIMD kernel
 * over it (≈ 10× the plain loop), or a SharedArrayBuffer if it would exceed 4 GiB.
 */
function sharedBuffers(size: number, workers: number): SharedBuffers {
  const stride = Math.ceil((size * 4) / 16) * 16;
  const bytes = stride * (3 + workers);
  const pages = Math.ceil(bytes / PAGE);
  const grads = Array.from({ length: workers }, (_, w) => (3 + w) * stride);
  if (pages > MAX_PAGES) return { kind: 'sab', memory: new SharedArrayBuffer(bytes), size, weights: 0, m: stride, v: 2 * stride, grads };
  return { kind: 'wasm', memory: sharedWasmMemory(pages), size, weights: 0, m: stride, v: 2 * stride, grads };
}

function views(buffers: SharedBuffers): { weights: Float32Array; m: Float32Array; v: Float32Array } {
  const buffer = buffers.kind === 'wasm' ? (buffers.memory as WasmMemory).buffer : (buffers.memory as SharedArrayBuffer);
  const view = (offset: number) => new Float32Array(buffer, offset, buffers.size);
  return { weights: view(buffers.weights), m: view(buffers.m), v: view(buffers.v) };
}

/** Splits `count` items into `parts` contiguous ranges as evenly as possible. */
export function shardRanges(count: number, parts: number): [number, number][] {
  return Array.from({ length: parts }, (_, w) => [Math.floor((w * count) / parts), Math.floor(((w + 1) * count) / parts)] as [number, number]);
}

/**
 * Worker threads, each with its own runtime and a replica of the model, for data-parallel
 * training and parallel evaluation; on a device backend one member in the main thread instead
 * (the same requests, the same shared buffers, the results of a one-worker pool). Weights, Adam moments and the per-worker gradients live in
 * one shared memory (layout: `model.variables()` order, see {@link ParameterLayout}): a
 * training step sends each worker its shard of the batch, the workers write their shard
 * gradients, then each updates its slice of the parameters with the summed gradient (Adam is
 * elementwise, so the slices are independent), and the next request reloads the weights.
 * Requests to one worker run one at a time; callers await each call before the next.
 */
export class WorkerPool {
  readonly size: number;
  readonly layout: ParameterLayout;
  /** The weights every worker reads (write, then call {@link WorkerPool.weightsChanged}). */
  readonly weights: Float32Array;
  /** Adam's first moments. */
  readonly m: Float32Array;
  /** Adam's second moments. */
  readonly v: Float32Array;
  private readonly handles: MemberHandle[];
  /** Bumped whenever the shared weights change; workers reload when theirs is older. */
  private version = 0;
  /** Workers whose gradient buffers hold the last batch's partial gradients. */
  private sources: number[] = [];

  private constructor(handles: MemberHandle[], layout: ParameterLayout, weights: Float32Array, m: Float32Array, v: Float32Array) {
    this.handles = handles;
    this.size = handles.length;
    this.layout = layout;
    this.weights = weights;
    this.m = m;
    this.v = v;
  }

  /** Starts the workers and waits until each has built its model. */
  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    const requested = options.workers ?? availableParallelism();
    positiveInteger(requested, 'workers', invalidArgument);
    const backend = options.backend ?? currentRuntime()?.backend ?? 'wasm';
    const { count, mainThread } = poolMembers(backend, requested);
    const memory = sharedBuffers(options.layout.size, count);
    const { weights, m, v } = views(memory);
    const handles: MemberHandle[] = Array.from({ length: count }, (_, i) => (mainThread ? new MainThreadHandle(i) : new WorkerHandle(i, spawn())));
    const pool = new WorkerPool(handles, options.layout, weights, m, v);
    try {
      const replies = await Promise.all(
        handles.map((h) =>
          h.request<InitReply>({
            kind: 'init',
            model: options.model,
            modelOptions: options.modelOptions ?? {},
            backend,
            registerModules: options.registerModules ?? [],
            workerIndex: h.index,
            memory,
          }),
        ),
      );
      for (const reply of replies) {
        const offsets: number[] = [];
        let total = 0;
        for (const s of reply.shapes) {
          offsets.push(total);
          total += s.reduce((a, b) => a * b, 1);
        }
        checkSameLayout(options.layout, { shapes: reply.shapes, offsets, size: total }, "a worker's model");
      }
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /**
   * A pool whose workers replicate `model` (built from the registry as `model.name` with
   * `modelOptions`, which must be the options `model` was built with) and start from its current
   * weights: for evaluation and latent extraction.
   */
  static async forModel(
    model: GraphVae,
    modelOptions: Readonly<Record<string, unknown>>,
    options: Omit<WorkerPoolOptions, 'model' | 'layout' | 'modelOptions'> = {},
  ): Promise<WorkerPool> {
    const variables = model.variables();
    const layout = parameterLayout(variables);
    const pool = await WorkerPool.start({ ...options, model: model.name, modelOptions, layout });
    // An asynchronous read first: a backend that reads only that way (webgpu) then answers the
    // synchronous reads from its cache.
    await Promise.all(variables.map((v) => v.data()));
    readVariables(variables, layout, pool.weights);
    pool.weightsChanged();
    return pool;
  }

  /** Call after writing {@link WorkerPool.weights}: workers reload before their next request. */
  weightsChanged(): void {
    this.version++;
  }

  /** Sends the graphs that {@link WorkerPool.gradient} indexes into (the training set). */
  async setGraphs(graphs: readonly Dag[]): Promise<void> {
    const plain = graphs.map((g) => ({ types: [...g.types], inMasks: [...g.inMasks] }));
    await Promise.all(this.handles.map((h) => h.request({ kind: 'graphs', graphs: plain })));
  }

  /**
   * Computes the gradient of the summed loss of the graphs at `indices`, split into one
   * contiguous shard per worker; the partial gradients stay in the workers' buffers for
   * {@link WorkerPool.adamStep}. `noise` is the reparameterisation generator's state at the start
   * of the batch; each graph consumes `noisePerGraph` deviates of it, in batch order.
   */
  async gradient(indices: readonly number[], noise: PythonRandomState, noisePerGraph: number): Promise<BatchLosses> {
    const ranges = shardRanges(indices.length, this.size);
    this.sources = [];
    const jobs = ranges.map(([start, end], w) => {
      if (end === start) return Promise.resolve(null);
      this.sources.push(w);
      return this.handles[w]!.request<GradientReply>({ kind: 'gradient', version: this.version, indices: indices.slice(start, end), noise, skip: start * noisePerGraph });
    });
    const replies = await Promise.all(jobs);
    let loss = 0;
    let recon = 0;
    let kld = 0;
    let nonFiniteGradient: string | null = null;
    const workerSeconds: WorkerSeconds[] = [];
    replies.forEach((r, w) => {
      if (r === null) return;
      workerSeconds.push(r.seconds);
      loss += r.loss;
      recon += r.recon;
      kld += r.kld;
      if (r.nonFiniteGradient !== null && nonFiniteGradient === null) {
        const { variable, at, value } = r.nonFiniteGradient;
        nonFiniteGradient = `gradient of parameter tensor ${variable} [${this.layout.shapes[variable]!.join(' × ')}] entry ${at} is ${value} (worker ${w})`;
      }
    });
    return { loss, recon, kld, nonFiniteGradient, workerSeconds };
  }

  /** One Adam step with the summed gradient of the last {@link WorkerPool.gradient}, each worker updating a slice. */
  async adamStep(step: number, learningRate: number, settings: AdamSettings): Promise<void> {
    const sources = this.sources;
    if (sources.length === 0) throw new TrainError('@opnas/train: adamStep needs a gradient first');
    // Slices aligned to 16 floats (64 bytes) so that two workers never write one cache line.
    const blocks = Math.ceil(this.layout.size / 16);
    await Promise.all(
      shardRanges(blocks, this.size).map(([a, b], w) =>
        this.handles[w]!.request({ kind: 'adam', start: a * 16, end: Math.min(b * 16, this.layout.size), step, learningRate, settings, sources }),
      ),
    );
    this.weightsChanged();
  }

  /**
   * Runs `jobs` on the workers, each job on whichever worker is free next; results come back in
   * job order. Jobs must not depend on which worker runs them.
   */
  private async distribute<T>(jobs: readonly WorkerRequest[], onDone?: (done: number) => void): Promise<T[]> {
    const results = new Array<T>(jobs.length);
    let next = 0;
    let done = 0;
    await Promise.all(
      this.handles.map(async (h) => {
        while (next < jobs.length) {
          const k = next++;
          results[k] = await h.request<T>(jobs[k]!);
          done++;
          onDone?.(done);
        }
      }),
    );
    return results;
  }

  /**
   * Posterior means (eval mode) of `graphs`, row-major `graphs.length × latentSize`, in chunks of
   * `chunkSize` spread over the workers; with `nll`, also Σ of the teacher-forced reconstruction
   * loss at z = μ.
   */
  async encode(
    graphs: readonly Dag[],
    options: { readonly chunkSize?: number; readonly nll?: boolean; readonly onProgress?: (done: number, total: number) => void } = {},
  ): Promise<{ mu: Float32Array; recon: number }> {
    const chunk = options.chunkSize ?? 128;
    const plain = graphs.map((g) => ({ types: [...g.types], inMasks: [...g.inMasks] }));
    const jobs: WorkerRequest[] = [];
    for (let s = 0; s < plain.length; s += chunk) jobs.push({ kind: 'encode', version: this.version, graphs: plain.slice(s, s + chunk), nll: options.nll ?? false });
    const replies = await this.distribute<EncodeReply>(jobs, (done) => options.onProgress?.(Math.min(done * chunk, graphs.length), graphs.length));
    const nz = replies[0] === undefined ? 0 : replies[0].mu.length / Math.min(chunk, graphs.length);
    const mu = new Float32Array(graphs.length * nz);
    let recon = 0;
    replies.forEach((r, k) => {
      mu.set(r.mu, k * chunk * nz);
      recon += r.recon;
    });
    return { mu, recon };
  }

  /**
   * Decodes chunks of latent rows (row-major), each chunk with its own generator seeded by its
   * `seed`, so the result does not depend on the number of workers.
   */
  async decode(
    chunks: readonly { readonly z: Float32Array; readonly seed: number }[],
    options: { readonly stochastic?: boolean; readonly onProgress?: (done: number, total: number) => void } = {},
  ): Promise<Dag[][]> {
    const jobs: WorkerRequest[] = chunks.map((c) => ({ kind: 'decode', version: this.version, z: c.z, seed: c.seed, stochastic: options.stochastic ?? true }));
    const replies = await this.distribute<DecodeReply>(jobs, (done) => options.onProgress?.(done, chunks.length));
    return replies.map((r) => [...r.graphs]);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.handles.map((h) => h.terminate()));
  }
}
