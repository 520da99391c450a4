import { tf } from '@opnas/runtime';
import type { Tensor1D, Tensor2D } from '@opnas/runtime';
import type { GcnNeighbourhoods, GcnUpdate } from './gcn-level.js';

/**
 * {@link gcnLevel} composed of tensor ops, for device backends (`webgpu`, `tensorflow`), where
 * the array loops of the CPU path would read every tensor back and `webgpu` cannot read
 * synchronously at all. Same sums, differentiated by tfjs: vertex `v` of each graph gets
 * `s_v = self_v·x_v + Σ_{u<v} c_{uv}·(h or x)_u`, with `c_{uv}` one coefficient per graph (zero
 * without the edge), so every term is an element-wise product of `B`-row blocks: no gather or
 * scatter, whose float atomics on webgpu would make the sums depend on the thread order.
 */
export function gcnLevelOnDevice(features: Tensor2D, weight: Tensor2D, bias: Tensor1D, neighbourhoods: GcnNeighbourhoods, update: GcnUpdate): Tensor2D {
  const { graphs: b, vertices: n, selfWeight, start, source, weight: edgeWeight } = neighbourhoods;
  return tf.tidy(() => {
    const block = (m: Tensor2D, v: number) => tf.slice(m, [v * b, 0], [b, -1]) as Tensor2D;
    const inputs = Array.from({ length: n }, (_, v) => block(features, v));
    const outputs: Tensor2D[] = [];
    for (let v = 0; v < n; v++) {
      let s = tf.mul(tf.tensor2d(selfWeight.subarray(v * b, (v + 1) * b), [b, 1]), inputs[v]!) as Tensor2D;
      // c_{uv} for each predecessor u, one entry per graph.
      const coefficients = new Map<number, Float32Array>();
      for (let i = 0; i < b; i++) {
        const t = v * b + i;
        for (let e = start[t]!; e < start[t + 1]!; e++) {
          const u = Math.floor(source[e]! / b);
          let c = coefficients.get(u);
          if (c === undefined) coefficients.set(u, (c = new Float32Array(b)));
          c[i] = edgeWeight[e]!;
        }
      }
      for (const u of [...coefficients.keys()].sort((p, q) => p - q)) {
        const from = update === 'in-place' ? outputs[u]! : inputs[u]!;
        s = tf.add(s, tf.mul(tf.tensor2d(coefficients.get(u)!, [b, 1]), from)) as Tensor2D;
      }
      outputs.push(tf.relu(tf.add(tf.matMul(s, weight), bias)) as Tensor2D);
    }
    return tf.concat(outputs, 0) as Tensor2D;
  });
}
