/**
 * The program each training worker thread runs (see {@link WorkerPool}): it holds a replica of the
 * model, reads the shared weights when they change, and computes shard gradients, its slice of
 * the Adam update, posterior means and decodings on request.
 */
import { parentPort } from 'node:worker_threads';
import type { Dag } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import { initRuntime, tf } from '@opnas/runtime';
import type { Scalar, Tensor2D, Variable } from '@opnas/runtime';
import { createModel } from '@opnas/vae';
import type { GraphVae } from '@opnas/vae';
import { adamUpdate } from './adam.js';
import { createSharedMemoryKernels } from './shared-memory-kernels.js';
import type { SharedMemoryKernels, WasmMemory } from './shared-memory-kernels.js';
import { parameterLayout, tensorValues, writeVariables } from './parameter-layout.js';
import type { ParameterLayout } from './parameter-layout.js';
import type { DecodeReply, EncodeReply, Envelope, GradientReply, InitReply, WorkerReply, WorkerRequest } from './worker-protocol.js';

interface WorkerState {
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

let state: WorkerState | undefined;

function ready(): WorkerState {
  if (state === undefined) throw new Error('@opnas/train: worker used before init');
  return state;
}

function ensureWeights(s: WorkerState, version: number): void {
  if (s.loadedVersion === version) return;
  writeVariables(s.variables, s.layout, s.weights);
  s.loadedVersion = version;
}

async function init(request: Extract<WorkerRequest, { kind: 'init' }>): Promise<InitReply> {
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
  state = {
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

function gradient(request: Extract<WorkerRequest, { kind: 'gradient' }>): GradientReply {
  const s = ready();
  const t0 = performance.now();
  ensureWeights(s, request.version);
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
  const t2 = performance.now();
  const out = s.grads[s.workerIndex]!;
  s.variables.forEach((variable, i) => {
    const offset = s.layout.offsets[i]!;
    const g = grads[variable.name];
    // A variable the loss does not touch gets no gradient (PyTorch: grad None, Adam skips it);
    // a zero gradient leaves such a parameter and its moments unchanged too.
    if (g === undefined) out.fill(0, offset, offset + variable.size);
    else out.set(tensorValues(g), offset);
  });
  let nonFiniteGradient: GradientReply['nonFiniteGradient'] = null;
  const at = s.kernels === null ? out.findIndex((x) => !Number.isFinite(x)) : s.kernels.firstNonFinite(out);
  if (at >= 0) {
    let variable = 0;
    while (variable + 1 < s.layout.offsets.length && s.layout.offsets[variable + 1]! <= at) variable++;
    nonFiniteGradient = { variable, at: at - s.layout.offsets[variable]!, value: out[at]! };
  }
  const reply: GradientReply = {
    loss: value.dataSync()[0]!,
    recon: recon!.dataSync()[0]!,
    kld: kld!.dataSync()[0]!,
    nonFiniteGradient,
    seconds: { load: (t1 - t0) / 1000, compute: (t2 - t1) / 1000, extract: (performance.now() - t2) / 1000 },
  };
  tf.dispose([value, recon!, kld!, ...Object.values(grads)]);
  return reply;
}

function adam(request: Extract<WorkerRequest, { kind: 'adam' }>): null {
  const s = ready();
  const buffers = { params: s.weights, m: s.m, v: s.v, grads: request.sources.map((w) => s.grads[w]!) };
  if (s.kernels === null) adamUpdate(buffers, request.step, request.learningRate, request.settings, request.start, request.end);
  else s.kernels.adam(buffers, request.step, request.learningRate, request.settings, request.start, request.end);
  return null;
}

function encode(request: Extract<WorkerRequest, { kind: 'encode' }>): EncodeReply {
  const s = ready();
  ensureWeights(s, request.version);
  const mu = tf.tidy(() => s.model.encode(request.graphs).mu.dataSync() as Float32Array);
  const recon = request.nll ? tf.tidy(() => s.model.loss(request.graphs, { training: false }).recon.dataSync()[0]!) : 0;
  return { mu, recon };
}

function decode(request: Extract<WorkerRequest, { kind: 'decode' }>): DecodeReply {
  const s = ready();
  ensureWeights(s, request.version);
  const nz = s.model.latentSize;
  const z = tf.tensor2d(request.z, [request.z.length / nz, nz]) as Tensor2D;
  try {
    return { graphs: s.model.decode(z, { stochastic: request.stochastic, random: new PythonRandom(request.seed) }) };
  } finally {
    z.dispose();
  }
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.kind) {
    case 'init':
      return init(request);
    case 'graphs':
      ready().graphs = request.graphs;
      return null;
    case 'gradient':
      return gradient(request);
    case 'adam':
      return adam(request);
    case 'encode':
      return encode(request);
    case 'decode':
      return decode(request);
    case 'close':
      state?.model.dispose();
      state = undefined;
      return null;
  }
}

const port = parentPort;
if (port === null) throw new Error('@opnas/train: training-worker must run in a worker thread');
port.on('message', (message: Envelope<WorkerRequest>) => {
  handle(message.body).then(
    (body) => port.postMessage({ id: message.id, ok: true, body } satisfies WorkerReply),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ id: message.id, ok: false, error: e.message, name: e.name } satisfies WorkerReply);
    },
  );
});
