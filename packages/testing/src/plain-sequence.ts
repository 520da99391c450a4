/**
 * Plain, step-by-step float64 implementations of S-VAE and GraphRNN (protocol §1.5, §2.1, §3.5,
 * §3.6) computed from a reference-layout state dict (PyTorch names, `out × in` weights).
 * Tests compare the optimised models against them. They share no code with the models: they
 * build each graph's tensor, loop over time steps, rows and bits as the reference does.
 */
import type { Dag } from '@opnas/dag';
import { plainLinear } from './plain-dvae.js';
import type { StateDict } from './plain-dvae.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** One step of PyTorch's nn.GRU with parameters `<prefix>.weight_ih<suffix>` etc. */
export function plainGruStep(sd: StateDict, prefix: string, suffix: string, x: readonly number[], h: readonly number[]): number[] {
  const get = (name: string) => {
    const t = sd[`${prefix}.${name}${suffix}`];
    if (t === undefined) throw new Error(`plain GRU: no ${prefix}.${name}${suffix}`);
    return t;
  };
  const wih = get('weight_ih');
  const whh = get('weight_hh');
  const bih = get('bias_ih');
  const bhh = get('bias_hh');
  const hs = h.length;
  const gi = (row: number) => x.reduce((s, xi, i) => s + wih[row * x.length + i]! * xi, bih[row]!);
  const gh = (row: number) => h.reduce((s, hi, i) => s + whh[row * hs + i]! * hi, bhh[row]!);
  return h.map((hk, k) => {
    const r = sigmoid(gi(k) + gh(k));
    const u = sigmoid(gi(hs + k) + gh(hs + k));
    const n = Math.tanh(gi(2 * hs + k) + r * gh(2 * hs + k));
    return (1 - u) * n + u * hk;
  });
}

/** protocol §1.5: 7 rows of [one-hot type (8) ; in-edge bits from vertices 0..6] for an 8-vertex graph. */
export function plainRows(g: Dag, maxVertices = 8): number[][] {
  const rows: number[][] = [];
  for (let v = 1; v < maxVertices; v++) {
    const row = new Array<number>(8 + maxVertices - 1).fill(0);
    if (v < g.types.length) {
      row[g.types[v]!] = 1;
      for (let k = 0; k < maxVertices - 1; k++) if ((g.inMasks[v]! >>> k) & 1) row[8 + k] = 1;
    } else {
      row[0] = 1;
    }
    rows.push(row);
  }
  return rows;
}

const mlp = (sd: StateDict, prefix: string, x: readonly number[]) =>
  plainLinear(
    sd,
    `${prefix}.2`,
    plainLinear(sd, `${prefix}.0`, x).map((v) => Math.max(0, v)),
  );

/** μ and log σ² of one graph: `grue` over the rows from zeros; bidirectional: `hg_unify([h_fwd ; h_bwd])`. */
export function plainSvaeEncode(sd: StateDict, g: Dag, hiddenSize: number, bidirectional: boolean): { mu: number[]; logvar: number[] } {
  const rows = plainRows(g);
  let h = new Array<number>(hiddenSize).fill(0);
  for (const row of rows) h = plainGruStep(sd, 'grue', '_l0', row, h);
  let hg = h;
  if (bidirectional) {
    let hb = new Array<number>(hiddenSize).fill(0);
    for (const row of [...rows].reverse()) hb = plainGruStep(sd, 'grue', '_l0_reverse', row, hb);
    hg = plainLinear(sd, 'hg_unify.0', [...h, ...hb]);
  }
  return { mu: plainLinear(sd, 'fc1', hg), logvar: plainLinear(sd, 'fc2', hg) };
}

/** Cross-entropy of a type plus summed BCE (log terms clamped at −100, as PyTorch) of a row of bits. */
function rowLoss(logits: readonly number[], type: number, probabilities: readonly number[], bits: readonly number[]): number {
  const max = Math.max(...logits);
  const lse = max + Math.log(logits.reduce((s, x) => s + Math.exp(x - max), 0));
  let loss = lse - logits[type]!;
  probabilities.forEach((p, k) => {
    loss -= bits[k] === 1 ? Math.max(Math.log(p), -100) : Math.max(Math.log(1 - p), -100);
  });
  return loss;
}

/** S-VAE's reconstruction loss of one graph at z (protocol §3.5). */
export function plainSvaeRecon(sd: StateDict, g: Dag, z: readonly number[], hiddenSize: number): number {
  const h0 = plainLinear(sd, 'fc3', z).map((v) => Math.max(0, v));
  let h = new Array<number>(hiddenSize).fill(0);
  let loss = 0;
  for (const row of plainRows(g)) {
    h = plainGruStep(sd, 'grud', '_l0', h0, h);
    const type = row.slice(0, 8).indexOf(1);
    loss += rowLoss(mlp(sd, 'add_vertex', h), type, mlp(sd, 'add_edges', h).map(sigmoid), row.slice(8));
  }
  return loss;
}

/** GraphRNN's teacher-forced reconstruction loss of one graph at z (protocol §3.6). */
export function plainGraphRnnRecon(sd: StateDict, g: Dag, z: readonly number[]): number {
  const rows = plainRows(g);
  let h = plainLinear(sd, 'fc3', z).map((v) => Math.max(0, v));
  let input = new Array<number>(15).fill(0);
  let loss = 0;
  for (const row of rows) {
    h = plainGruStep(sd, 'grud', '_l0', input, h);
    const bits = row.slice(8);
    let he = h;
    let bitIn = 0;
    const probabilities: number[] = [];
    for (let k = 0; k < bits.length; k++) {
      he = plainGruStep(sd, 'grud_edge', '_l0', [bitIn], he);
      probabilities.push(sigmoid(mlp(sd, 'add_edge', he)[0]!));
      bitIn = bits[k]!;
    }
    loss += rowLoss(mlp(sd, 'add_vertex', h), row.slice(0, 8).indexOf(1), probabilities, bits);
    input = row;
  }
  return loss;
}
