/**
 * A plain float64 implementation of the reference's DVAE_GCN encoder (protocol §3.3) computed from
 * a reference-layout state dict, for the equivalence tests of `GcnEncoder` and the GCN models.
 */
import type { Dag } from '@opnas/dag';
/** `GcnUpdate` of @opnas/encoders, repeated so this package does not depend on the code it checks. */
type GcnUpdate = 'in-place' | 'simultaneous';
import { plainLinear } from './plain-dvae.js';
import type { StateDict } from './plain-dvae.js';

const preds = (g: Dag, v: number): number[] => Array.from({ length: v }, (_, u) => u).filter((u) => ((g.inMasks[v]! >>> u) & 1) === 1);
const outDegree = (g: Dag, u: number): number => g.inMasks.filter((m) => ((m >>> u) & 1) === 1).length;

/**
 * The reference's DVAE_GCN.encode (protocol §3.3), literally and in float64: for each level, visit
 * the vertices in index order; feat(u) is the one-hot/embedding at level 0 and the currently
 * stored state afterwards (in-place), or the previous level's state (simultaneous).
 */
export function plainGcnEncode(sd: StateDict, g: Dag, levels: number, table: readonly (readonly number[])[], update: GcnUpdate): { mu: number[]; logvar: number[] } {
  const n = g.types.length;
  let stored: number[][] = g.types.map((t) => [...table[t]!]);
  for (let l = 0; l < levels; l++) {
    const previous = stored.map((h) => [...h]);
    const current = update === 'in-place' ? stored : previous.map((h) => [...h]);
    for (let v = 0; v < n; v++) {
      const feat = (u: number): number[] => (l === 0 ? [...table[g.types[u]!]!] : u === v ? previous[v]! : update === 'in-place' ? current[u]! : previous[u]!);
      const inDegree = preds(g, v).length;
      const s = feat(v).map((x) => x / (inDegree + 1));
      for (const src of preds(g, v)) {
        const c = 1 / Math.sqrt((outDegree(g, src) + 1) * (inDegree + 1));
        feat(src).forEach((x, k) => (s[k]! += c * x));
      }
      current[v] = plainLinear(sd, `gconv.${l}.0`, s).map((x) => Math.max(0, x));
    }
    stored = current;
  }
  const hg = new Array<number>(stored[0]!.length).fill(0);
  for (let v = 1; v < n - 1; v++) stored[v]!.forEach((x, k) => (hg[k]! += x));
  return { mu: plainLinear(sd, 'fc1', hg), logvar: plainLinear(sd, 'fc2', hg) };
}
