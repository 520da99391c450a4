/**
 * A plain, step-by-step float64 implementation of D-VAE (protocol §2.1, §2.3, §3.1) computed from a
 * reference-layout state dict (PyTorch names, `out × in` weights). Tests compare the optimised
 * tensor code against it. It shares no code with the implementation: it loops over graphs,
 * vertices and candidate edges exactly as the reference does, recomputing every state from
 * scratch.
 */
import { resolveEnasDataPath } from '@opnas/enas-data';
import { readFileSync } from 'node:fs';
import { enasLayersToDag } from '@opnas/dag';
import type { Dag } from '@opnas/dag';
import type { ReferenceParameter } from '@opnas/runtime';

export type StateDict = Record<string, Float64Array>;

export function stateDict(params: readonly ReferenceParameter[]): StateDict {
  const sd: StateDict = {};
  for (const p of params) sd[p.name] = Float64Array.from(p.read());
  return sd;
}

function get(sd: StateDict, name: string): Float64Array {
  const t = sd[name];
  if (t === undefined) throw new Error(`plain D-VAE: state dict has no ${name}`);
  return t;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** y = W x + b with W stored out × in. */
export function plainLinear(sd: StateDict, prefix: string, x: readonly number[], bias = true): number[] {
  const w = get(sd, `${prefix}.weight`);
  const n = x.length;
  const out = w.length / n;
  const b = bias ? get(sd, `${prefix}.bias`) : null;
  const y: number[] = [];
  for (let o = 0; o < out; o++) {
    let s = b === null ? 0 : b[o]!;
    for (let i = 0; i < n; i++) s += w[o * n + i]! * x[i]!;
    y.push(s);
  }
  return y;
}

/** PyTorch GRUCell (protocol §2.1). */
export function plainGru(sd: StateDict, prefix: string, x: readonly number[], h: readonly number[]): number[] {
  const wih = get(sd, `${prefix}.weight_ih`);
  const whh = get(sd, `${prefix}.weight_hh`);
  const bih = get(sd, `${prefix}.bias_ih`);
  const bhh = get(sd, `${prefix}.bias_hh`);
  const hs = h.length;
  const gi = (row: number): number => {
    let s = bih[row]!;
    for (let i = 0; i < x.length; i++) s += wih[row * x.length + i]! * x[i]!;
    return s;
  };
  const gh = (row: number): number => {
    let s = bhh[row]!;
    for (let i = 0; i < hs; i++) s += whh[row * hs + i]! * h[i]!;
    return s;
  };
  const out: number[] = [];
  for (let k = 0; k < hs; k++) {
    const r = sigmoid(gi(k) + gh(k));
    const u = sigmoid(gi(hs + k) + gh(hs + k));
    const n = Math.tanh(gi(2 * hs + k) + r * gh(2 * hs + k));
    out.push((1 - u) * n + u * h[k]!);
  }
  return out;
}

/** Σ_u sigmoid(G [h_u; onehot(u)] + g) ⊙ (M [h_u; onehot(u)]) (protocol §2.3); zeros if no senders. */
export function plainGatedSum(
  sd: StateDict,
  gatePrefix: string,
  mapperPrefix: string,
  senders: readonly { readonly h: readonly number[]; readonly index: number }[],
  hiddenSize: number,
  maxVertices: number,
): number[] {
  const out = new Array<number>(hiddenSize).fill(0);
  for (const { h, index } of senders) {
    const m = [...h, ...Array.from({ length: maxVertices }, (_, k) => (k === index ? 1 : 0))];
    const gate = plainLinear(sd, `${gatePrefix}.0`, m);
    const mapped = plainLinear(sd, `${mapperPrefix}.0`, m, false);
    for (let k = 0; k < hiddenSize; k++) out[k]! += sigmoid(gate[k]!) * mapped[k]!;
  }
  return out;
}

export interface PlainConfig {
  readonly hiddenSize: number;
  readonly maxVertices: number;
  readonly bidirectional: boolean;
  /** Row k = the GRU input of type k (identity for one-hot, the embedding table otherwise). */
  readonly table: readonly (readonly number[])[];
}

const preds = (g: Dag, v: number): number[] => Array.from({ length: v }, (_, u) => u).filter((u) => ((g.inMasks[v]! >>> u) & 1) === 1);
const succs = (g: Dag, v: number): number[] => Array.from({ length: g.types.length }, (_, w) => w).filter((w) => w > v && ((g.inMasks[w]! >>> v) & 1) === 1);

/** μ and log σ² of one graph (protocol §3.1 encoder). */
export function plainEncode(sd: StateDict, g: Dag, c: PlainConfig): { mu: number[]; logvar: number[] } {
  const n = g.types.length;
  const zero = new Array<number>(c.hiddenSize).fill(0);
  const hf: number[][] = [];
  for (let v = 0; v < n; v++) {
    const input = plainGatedSum(
      sd,
      'gate_forward',
      'mapper_forward',
      preds(g, v).map((u) => ({ h: hf[u]!, index: u })),
      c.hiddenSize,
      c.maxVertices,
    );
    hf[v] = plainGru(sd, 'grue_forward', c.table[g.types[v]!]!, v === 0 ? zero : input);
  }
  let hg = hf[n - 1]!;
  if (c.bidirectional) {
    const hb: number[][] = [];
    for (let v = n - 1; v >= 0; v--) {
      const input = plainGatedSum(
        sd,
        'gate_backward',
        'mapper_backward',
        succs(g, v).map((w) => ({ h: hb[w]!, index: w })),
        c.hiddenSize,
        c.maxVertices,
      );
      hb[v] = plainGru(sd, 'grue_backward', c.table[g.types[v]!]!, input);
    }
    hg = plainLinear(sd, 'hg_unify.0', [...hf[n - 1]!, ...hb[0]!]);
  }
  return { mu: plainLinear(sd, 'fc1', hg), logvar: plainLinear(sd, 'fc2', hg) };
}

export interface PlainDecoderConfig extends PlainConfig {
  /** Graph state for `add_vertex`: the last vertex's state (D-VAE) or the sum of all (GCN). */
  readonly graphState: 'last' | 'sum';
  readonly startType: number;
}

/**
 * The teacher-forced log-likelihood of one graph given z (protocol §3.1 `loss`, negated recon),
 * literally: every candidate edge is scored with the current state of t, and `update(t)` is
 * recomputed from scratch after every candidate. BCE clamps each log term at −100 (PyTorch).
 */
export function plainLogLikelihood(sd: StateDict, g: Dag, z: readonly number[], c: PlainDecoderConfig): number {
  const n = g.types.length;
  const h0 = plainLinear(sd, 'fc3', z).map(Math.tanh);
  const states: number[][] = [plainGru(sd, 'grud', c.table[c.startType]!, h0)];
  const currentPreds: number[][] = [[]];
  const update = (t: number): number[] =>
    plainGru(
      sd,
      'grud',
      c.table[g.types[t]!]!,
      plainGatedSum(
        sd,
        'gate_forward',
        'mapper_forward',
        currentPreds[t]!.map((u) => ({ h: states[u]!, index: u })),
        c.hiddenSize,
        c.maxVertices,
      ),
    );
  let total = 0;
  for (let t = 1; t < n; t++) {
    const graphState = c.graphState === 'last' ? states[t - 1]! : states.reduce((acc, s) => acc.map((x, k) => x + s[k]!), new Array<number>(c.hiddenSize).fill(0));
    const hidden = plainLinear(sd, 'add_vertex.0', graphState).map((x) => Math.max(0, x));
    const logits = plainLinear(sd, 'add_vertex.2', hidden);
    const max = Math.max(...logits);
    const logZ = max + Math.log(logits.reduce((s, x) => s + Math.exp(x - max), 0));
    total += logits[g.types[t]!]! - logZ;
    currentPreds[t] = [];
    states[t] = update(t);
    let edgeLogLik = 0;
    for (let i = t - 1; i >= 0; i--) {
      const hiddenEdge = plainLinear(sd, 'add_edge.0', [...states[i]!, ...states[t]!]).map((x) => Math.max(0, x));
      const p = sigmoid(plainLinear(sd, 'add_edge.2', hiddenEdge)[0]!);
      const truth = ((g.inMasks[t]! >>> i) & 1) === 1;
      edgeLogLik += truth ? Math.max(Math.log(p), -100) : Math.max(Math.log(1 - p), -100);
      if (truth) currentPreds[t]!.push(i);
      states[t] = update(t);
    }
    total += edgeLogLik;
  }
  return total;
}

/**
 * Greedy decoding of one graph (protocol §3.1 `decode(z, stochastic=False)`), literally: argmax
 * types, END forced at the last step, edges with p > 0.5 in descending source order, update(t)
 * after every candidate, the loose-end rule for END. Returns types and in-neighbour masks.
 */
export function plainGreedyDecode(sd: StateDict, z: readonly number[], c: PlainDecoderConfig & { readonly endType: number }): { types: number[]; inMasks: number[] } {
  const n = c.maxVertices;
  const h0 = plainLinear(sd, 'fc3', z).map(Math.tanh);
  const types = [c.startType];
  const inMasks = [0];
  const states: number[][] = [plainGru(sd, 'grud', c.table[c.startType]!, h0)];
  for (let t = 1; t < n; t++) {
    let type = c.endType;
    if (t < n - 1) {
      const graphState = c.graphState === 'last' ? states[t - 1]! : states.reduce((acc, s) => acc.map((x, k) => x + s[k]!), new Array<number>(c.hiddenSize).fill(0));
      const logits = plainLinear(
        sd,
        'add_vertex.2',
        plainLinear(sd, 'add_vertex.0', graphState).map((x) => Math.max(0, x)),
      );
      type = logits.indexOf(Math.max(...logits));
    }
    types.push(type);
    inMasks.push(0);
    const preds: number[] = [];
    const update = (): number[] =>
      plainGru(
        sd,
        'grud',
        c.table[type]!,
        plainGatedSum(
          sd,
          'gate_forward',
          'mapper_forward',
          preds.map((u) => ({ h: states[u]!, index: u })),
          c.hiddenSize,
          c.maxVertices,
        ),
      );
    states[t] = update();
    if (type === c.endType) {
      for (let u = 0; u < t; u++) {
        const hasSuccessor = inMasks.some((m) => ((m >>> u) & 1) === 1);
        if (!hasSuccessor) inMasks[t] = (inMasks[t]! | (1 << u)) >>> 0;
      }
      break;
    }
    for (let i = t - 1; i >= 0; i--) {
      const hidden = plainLinear(sd, 'add_edge.0', [...states[i]!, ...states[t]!]).map((x) => Math.max(0, x));
      const p = sigmoid(plainLinear(sd, 'add_edge.2', hidden)[0]!);
      if (p > 0.5) {
        preds.push(i);
        inMasks[t] = (inMasks[t]! | (1 << i)) >>> 0;
      }
      states[t] = update();
    }
  }
  return { types, inMasks };
}

// Found as every opnas entry point finds it (`resolveEnasDataPath`).
const ENAS_DATA_PATH = (await resolveEnasDataPath()).path;

/** The first `count` post-burn-in ENAS graphs (protocol §1.2), read straight from the data file. */
export function readEnasGraphs(count: number, offset = 0): Dag[] {
  const path = ENAS_DATA_PATH;
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.slice(1000 + offset, 1000 + offset + count).map((line) => {
    const [layers] = JSON.parse(`[${line}]`) as [number[][], number];
    return enasLayersToDag(layers);
  });
}
