import { createHash } from 'node:crypto';
import type { Dag } from '@opnas/dag';

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/**
 * The module hash of the nasbench library (`graph_util.hash_module`), so keys agree with
 * NAS-Bench-101's own: every vertex starts from md5 of the Python tuple text
 * `(out-degree, in-degree, label)`; then, as many rounds as there are vertices, each vertex's
 * hash becomes md5 of its in-neighbours' hashes sorted and concatenated, `|`, its out-neighbours'
 * likewise, `|`, its own hash; the fingerprint is md5 of the Python list text of the sorted
 * hashes. Only degrees, labels and adjacency enter, so isomorphic labelled graphs hash alike.
 *
 * @param labels one integer per vertex (nasbench: −1 input, −2 output, else the op's index).
 */
export function moduleHash(dag: Dag, labels: readonly number[]): string {
  const n = dag.types.length;
  const ins: number[][] = Array.from({ length: n }, () => []);
  const outs: number[][] = Array.from({ length: n }, () => []);
  for (let to = 0; to < n; to++) {
    for (let from = 0; from < n; from++) {
      if ((dag.inMasks[to]! >>> from) & 1) {
        ins[to]!.push(from);
        outs[from]!.push(to);
      }
    }
  }
  let hashes = labels.map((label, v) => md5(`(${outs[v]!.length}, ${ins[v]!.length}, ${label})`));
  for (let round = 0; round < n; round++) {
    const previous = hashes;
    hashes = previous.map((own, v) => {
      const inText = ins[v]!.map((w) => previous[w]!)
        .sort()
        .join('');
      const outText = outs[v]!.map((w) => previous[w]!)
        .sort()
        .join('');
      return md5(`${inText}|${outText}|${own}`);
    });
  }
  return md5(
    `[${[...hashes]
      .sort()
      .map((h) => `'${h}'`)
      .join(', ')}]`,
  );
}
