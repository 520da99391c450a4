import { type Dag, isSameDag } from '@opnas/dag';
import { type Scalar, tf } from '@opnas/runtime';
import type { GraphVae } from './graph-vae.js';

/**
 * Full-batch Adam (lr 0.01) on `graphs` in rounds of 25 steps until greedy decoding of every μ
 * gives back its graph exactly, or `maxSteps` is reached: the memorisation check every model
 * must pass. The model is left trained (the caller disposes it).
 */
export function overfitGreedy(model: GraphVae, graphs: readonly Dag[], maxSteps: number): { steps: number; accuracy: number; decoded: Dag[] } {
  const optimizer = tf.train.adam(0.01);
  const variables = model.variables();
  let accuracy = 0;
  let steps = 0;
  let decoded: Dag[] = [];
  while (steps < maxSteps && accuracy < 1) {
    for (let k = 0; k < 25; k++) optimizer.minimize(() => model.loss(graphs).loss as Scalar, false, variables);
    steps += 25;
    const { mu, logvar } = model.encode(graphs);
    decoded = model.decode(mu, { stochastic: false });
    tf.dispose([mu, logvar]);
    accuracy = decoded.filter((d, i) => isSameDag(d, graphs[i]!)).length / graphs.length;
  }
  optimizer.dispose();
  return { steps, accuracy, decoded };
}
