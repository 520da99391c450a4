import { type Dag, ENAS_VOCABULARY, type OperationVocabulary, defineVocabulary } from '@opnas/dag';
import type { DvaeDecoder } from '@opnas/decoder';
import { tf } from '@opnas/runtime';
import type { Scalar, Tensor2D } from '@opnas/runtime';
import { VaeError } from './errors.js';

/** True iff the vocabulary is ENAS's (weight files of ENAS models keep their metadata unchanged). */
function isEnas(vocabulary: OperationVocabulary): boolean {
  const { names, start, end } = ENAS_VOCABULARY;
  return vocabulary.start === start && vocabulary.end === end && vocabulary.names.length === names.length && vocabulary.names.every((n, i) => n === names[i]);
}

/** The `describe()` fields of a vocabulary: none for ENAS, else `vocabulary` as JSON. */
export function describeVocabulary(vocabulary: OperationVocabulary): Record<string, string> {
  if (isEnas(vocabulary)) return {};
  return { vocabulary: JSON.stringify({ names: vocabulary.names, labels: vocabulary.labels, start: vocabulary.start, end: vocabulary.end }) };
}

/** The vocabulary a weight file's metadata records, if any. */
export function vocabularyFromDescription(description: Readonly<Record<string, string>>): { vocabulary?: OperationVocabulary } {
  const text = description['vocabulary'];
  if (text === undefined) return {};
  try {
    return { vocabulary: defineVocabulary(JSON.parse(text) as OperationVocabulary) };
  } catch (error) {
    throw new VaeError(`@opnas/vae: the recorded vocabulary is not valid: ${(error as Error).message}`);
  }
}

/**
 * Σ log-likelihood of a batch whose graphs may differ in vertex count (NB101 cells do): the
 * decoder scores one vertex count at a time, so the batch is split by count and the sums added.
 * A batch of one count takes the decoder's path unchanged (the ENAS numbers do not move).
 */
export function batchLogLikelihood(decoder: DvaeDecoder, z: Tensor2D, graphs: readonly Dag[]): Scalar {
  const counts = [...new Set(graphs.map((g) => g.types.length))];
  if (counts.length <= 1) return decoder.logLikelihood(z, graphs);
  return tf.tidy(() => {
    let total: Scalar | undefined;
    for (const n of counts) {
      const rows = graphs.flatMap((g, i) => (g.types.length === n ? [i] : []));
      const part = decoder.logLikelihood(
        tf.gather(z, tf.tensor1d(rows, 'int32')) as Tensor2D,
        rows.map((i) => graphs[i]!),
      );
      total = total === undefined ? part : (tf.add(total, part) as Scalar);
    }
    return total!;
  });
}
