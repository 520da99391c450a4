/**
 * A registered stand-in model with a known answer, for the evaluation tests: `test-echo`
 * encodes a graph as its 8 types and 8 in-masks (μ = those numbers, logvar = 0) and decodes a
 * point by rounding it back to a graph, so every graph reconstructs exactly; its "recon" loss is
 * the number of vertices plus Σ √|w| over its one weight vector, which starts at 0: the loss is
 * finite but its gradient is not (for the non-finite-gradient tests). Imported by the tests and,
 * through `registerModules`, by the workers.
 */
import { createDag } from '@opnas/dag';
import type { Dag } from '@opnas/dag';
import { sameLayoutParameter, tf } from '@opnas/runtime';
import type { ReferenceParameter, Scalar, Tensor2D, Variable } from '@opnas/runtime';
import { getModelDefinition, registerModel } from '@opnas/vae';
import type { GraphVae, GraphVaeOptions, VaeLoss } from '@opnas/vae';

// A model registered outside @opnas/vae declares its options, so createModel('test-echo') compiles.
declare module '@opnas/vae' {
  interface ModelOptionsByName {
    'test-echo': GraphVaeOptions;
  }
}

/** The graph a latent row decodes to: rounded types (clamped to 0..7) and masks (earlier vertices only). */
export function echoDecode(row: ArrayLike<number>): Dag {
  const types: number[] = [];
  const masks: number[] = [];
  for (let i = 0; i < 8; i++) {
    types.push(Math.min(7, Math.max(0, Math.round(row[i]!))));
    masks.push((Math.max(0, Math.round(row[8 + i]!)) & ((1 << i) - 1)) >>> 0);
  }
  return createDag(types, masks);
}

class EchoModel implements GraphVae {
  readonly name = 'test-echo';
  readonly hiddenSize = 1;
  readonly latentSize = 16;
  readonly maxVertices = 8;
  readonly beta = 0.005;
  private readonly weight: Variable = tf.variable(tf.zeros([2]));

  encode(graphs: readonly Dag[]): ReturnType<GraphVae['encode']> {
    const values = graphs.flatMap((g) => [...g.types, ...g.inMasks]);
    return { mu: tf.tensor2d(values, [graphs.length, 16]), logvar: tf.zeros([graphs.length, 16]) };
  }

  loss(graphs: readonly Dag[]): VaeLoss {
    return tf.tidy(() => {
      // Σ vertices at weight 0, where the gradient of √|w| is not finite.
      const recon = tf.add(tf.scalar(graphs.reduce((s, g) => s + g.types.length, 0)), tf.sum(tf.sqrt(tf.abs(this.weight)))) as Scalar;
      const kld = tf.scalar(0) as Scalar;
      return { loss: tf.add(recon, tf.mul(kld, this.beta)) as Scalar, recon, kld };
    });
  }

  decode(z: Tensor2D, _options?: Parameters<GraphVae['decode']>[1]): Dag[] {
    const values = z.dataSync();
    return Array.from({ length: z.shape[0] }, (_, r) => echoDecode(values.subarray(r * 16, r * 16 + 16)));
  }

  variables(): Variable[] {
    return [this.weight];
  }

  referenceParameters(): ReferenceParameter[] {
    return [sameLayoutParameter('weight', this.weight, { kind: 'normal' })];
  }

  describe(): Record<string, string> {
    return { model: this.name };
  }

  dispose(): void {
    this.weight.dispose();
  }
}

try {
  getModelDefinition('test-echo');
} catch {
  registerModel({ name: 'test-echo', paperName: 'ECHO', description: 'test stand-in: exact reconstruction', create: () => new EchoModel() });
}
