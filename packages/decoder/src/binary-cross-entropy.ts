import { tf } from '@opnas/runtime';
import type { Scalar, Tensor } from '@opnas/runtime';

/**
 * PyTorch's `binary_cross_entropy(p, y, reduction='sum')` (protocol §2.2), including its two
 * guards, so the loss matches the reference where probabilities saturate in float32:
 * each log term is clamped at −100, and the gradient is `(p − y) / max(p(1 − p), 1e−12)`.
 * Through a sigmoid the gradient is therefore `p − y`, and exactly 0 once `p` has rounded to
 * 0 or 1 (a plain `log` would give ∞·0 = NaN there).
 */
const bceSum = tf.customGrad(((p: Tensor, y: Tensor, save: (tensors: Tensor[]) => void) => {
  const logP = tf.maximum(tf.log(p), -100);
  const logQ = tf.maximum(tf.log(tf.sub(1, p)), -100);
  const value = tf.neg(tf.sum(tf.add(tf.mul(y, logP), tf.mul(tf.sub(1, y), logQ))));
  save([p, y, logP, logQ]);
  return {
    value,
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const [sp, sy, slogP, slogQ] = saved as [Tensor, Tensor, Tensor, Tensor];
      const dp = tf.div(tf.sub(sp, sy), tf.maximum(tf.mul(sp, tf.sub(1, sp)), 1e-12));
      return [tf.mul(dy, dp), tf.mul(dy, tf.sub(slogQ, slogP))];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/** Summed binary cross-entropy of probabilities `p` against targets `y` (same shape), as PyTorch. */
export function binaryCrossEntropy(p: Tensor, y: Tensor): Scalar {
  return bceSum(p, y) as Scalar;
}
