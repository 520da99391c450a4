/**
 * What a pool member does with each request (see {@link WorkerPool}): it holds a replica of the
 * model, reads the shared weights when they change, and computes shard gradients, its slice of
 * the Adam update, posterior means and decodings. A worker thread runs one behind its message
 * port (`training-worker.ts`); on a device backend the pool runs one in the main thread.
 * Values are read asynchronously: the `webgpu` backend can read no other way.
 */
import type { Dag } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import { initRuntime, readsAreAsync, tf } from '@opnas/runtime';
import type { Scalar, Tensor, Tensor2D, Variable } from '@opnas/runtime';
import { createModel } from '@opnas/vae';
import type { GraphVae } from '@opnas/vae';
import { adamUpdate } from './adam.js';
import { createSharedMemoryKernels } from './shared-memory-kernels.js';
import type { SharedMemoryKernels, WasmMemory } from './shared-memory-kernels.js';
import { parameterLayout, tensorValues, writeVariables } from './parameter-layout.js';
import type { ParameterLayout } from './parameter-layout.js';
import type { DecodeReply, EncodeReply, GradientReply, InitReply, WorkerRequest } from './worker-protocol.js';

interface MemberState {
  readonly model: GraphVae;
  readonly variables: Variable[];
  readonly layout: ParameterLayout;
  readonly workerIndex: number;
  readonly weights: Float32Array;
  readonly m: Float32Array;
  readonly v: Float32Array;
  readonly grads: Float32Array[];
  /** SIMD kernels, when the buffers live in a WebAssembly memory. */
  readonly kernels: SharedMemoryKernels | null;
  graphs: readonly Dag[];
  loadedVersion: number;
}

/** A tensor's float32 values: a heap view on wasm, else an asynchronous read. */
async function valuesOf(tensor: Tensor): Promise<Float32Array> {
  return readsAreAsync() ? ((await tensor.data()) as Float32Array) : tensorValues(tensor);
}

/** One pool member's state and request handling. */
export class WorkerRequestHandler {
  private state: MemberState | undefined;

  /** Answers one request (see `WorkerRequest`). */
  async handle(request: WorkerRequest): Promise<unknown> {
    switch (request.kind) {
      case 'init':
        return this.init(request);
      case 'graphs':
        this.ready().graphs = request.graphs;
        return null;
      case 'gradient':
        return this.gradient(request);
      case 'adam':
        return this.adam(request);
      case 'encode':
        return this.encode(request);
      case 'decode':
        return this.decode(request);
      case 'close':
        this.state?.model.dispose();
        this.state = undefined;
        return null;
    }
  }

  private ready(): MemberState {
    if (this.state === undefined) throw new Error('@opnas/train: worker used before init');
    return this.state;
  }

  private ensureWeights(s: MemberState, version: number): void {
    if (s.loadedVersion === version) return;
    writeVariables(s.variables, s.layout, s.weights);
    s.loadedVersion = version;
  }

  private async init(request: Extract<WorkerRequest, { kind: 'init' }>): Promise<InitReply> {
    await initRuntime({ backend: request.backend });
    for (const specifier of request.registerModules) await import(specifier);
    let model: GraphVae;
    try {
      model = createModel(request.model, { ...request.modelOptions });
    } catch (error) {
      const message = (error as Error).message;
      // The registry of a worker holds what its imports registered, not what the main thread did.
      throw new Error(/unknown model/.test(message) ? `${message} (in a worker: a model registered outside @opnas/vae needs its module in registerModules)` : message);
    }
    const variables = model.variables();
    const layout = parameterLayout(variables);
    const buffer = request.memory.kind === 'wasm' ? (request.memory.memory as WasmMemory).buffer : (request.memory.memory as SharedArrayBuffer);
    const view = (offset: number) => new Float32Array(buffer, offset, request.memory.size);
    this.state?.model.dispose();
    this.state = {
      model,
      variables,
      layout,
      workerIndex: request.workerIndex,
      weights: view(request.memory.weights),
      m: view(request.memory.m),
      v: view(request.memory.v),
      grads: request.memory.grads.map(view),
      kernels: request.memory.kind === 'wasm' ? createSharedMemoryKernels(request.memory.memory as WasmMemory) : null,
      graphs: [],
      loadedVersion: -1,
    };
    return { shapes: layout.shapes };
  }

  private async gradient(request: Extract<WorkerRequest, { kind: 'gradient' }>): Promise<GradientReply> {
    const s = this.ready();
    const t0 = performance.now();
    this.ensureWeights(s, request.version);
    const t1 = performance.now();
    const graphs = request.indices.map((i) => {
      const g = s.graphs[i];
      if (g === undefined) throw new Error(`@opnas/train: graph index ${i} is outside the ${s.graphs.length} graphs the worker holds`);
      return g;
    });
    // The batch's noise is one stream drawn row by row (protocol §2.4 reparameterisation: latentSize
    // deviates per graph); this shard starts where the shards before it stop.
    const random = new PythonRandom(0);
    random.setState(request.noise);
    for (let k = 0; k < request.skip; k++) random.gauss();
    let recon: Scalar | undefined;
    let kld: Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const terms = s.model.loss(graphs, { training: true, random });
      recon = tf.keep(terms.recon);
      kld = tf.keep(terms.kld);
      return terms.loss;
    }, s.variables);
    try {
      const [loss, reconValue, kldValue] = await Promise.all([valuesOf(value), valuesOf(recon!), valuesOf(kld!)]).then((r) => r.map((x) => x[0]!));
      const t2 = performance.now();
      const out = s.grads[s.workerIndex]!;
      for (let i = 0; i < s.variables.length; i++) {
        const variable = s.variables[i]!;
        const offset = s.layout.offsets[i]!;
        const g = grads[variable.name];
        // A variable the loss does not touch gets no gradient (PyTorch: grad None, Adam skips it);
        // a zero gradient leaves such a parameter and its moments unchanged too.
        if (g === undefined) out.fill(0, offset, offset + variable.size);
        else out.set(await valuesOf(g), offset);
      }
      let nonFiniteGradient: GradientReply['nonFiniteGradient'] = null;
      const at = s.kernels === null ? out.findIndex((x) => !Number.isFinite(x)) : s.kernels.firstNonFinite(out);
      if (at >= 0) {
        let variable = 0;
        while (variable + 1 < s.layout.offsets.length && s.layout.offsets[variable + 1]! <= at) variable++;
        nonFiniteGradient = { variable, at: at - s.layout.offsets[variable]!, value: out[at]! };
      }
      return {
        loss: loss!,
        recon: reconValue!,
        kld: kldValue!,
        nonFiniteGradient,
        seconds: { load: (t1 - t0) / 1000, compute: (t2 - t1) / 1000, extract: (performance.now() - t2) / 1000 },
      };
    } finally {
      tf.dispose([value, recon!, kld!, ...Object.values(grads)]);
    }
  }

  private adam(request: Extract<WorkerRequest, { kind: 'adam' }>): null {
    const s = this.ready();
    const buffers = { params: s.weights, m: s.m, v: s.v, grads: request.sources.map((w) => s.grads[w]!) };
    if (s.kernels === null) adamUpdate(buffers, request.step, request.learningRate, request.settings, request.start, request.end);
    else s.kernels.adam(buffers, request.step, request.learningRate, request.settings, request.start, request.end);
    return null;
  }

  private async encode(request: Extract<WorkerRequest, { kind: 'encode' }>): Promise<EncodeReply> {
    const s = this.ready();
    this.ensureWeights(s, request.version);
    const muTensor = tf.tidy(() => s.model.encode(request.graphs).mu);
    let mu: Float32Array;
    try {
      mu = (await valuesOf(muTensor)).slice();
    } finally {
      muTensor.dispose();
    }
    let recon = 0;
    if (request.nll) {
      const r = tf.tidy(() => s.model.loss(request.graphs, { training: false }).recon);
      try {
        recon = (await valuesOf(r))[0]!;
      } finally {
        r.dispose();
      }
    }
    return { mu, recon };
  }

  private async decode(request: Extract<WorkerRequest, { kind: 'decode' }>): Promise<DecodeReply> {
    const s = this.ready();
    this.ensureWeights(s, request.version);
    const nz = s.model.latentSize;
    const z = tf.tensor2d(request.z, [request.z.length / nz, nz]) as Tensor2D;
    const options = { stochastic: request.stochastic, random: new PythonRandom(request.seed) };
    try {
      if (!readsAreAsync()) return { graphs: s.model.decode(z, options) };
      if (s.model.decodeAsync === undefined) throw new Error(`@opnas/train: model '${s.model.name}' has no decodeAsync, which the '${tf.getBackend()}' backend needs`);
      return { graphs: await s.model.decodeAsync(z, options) };
    } finally {
      z.dispose();
    }
  }
}
