export { DecoderError } from './errors.js';
export { binaryCrossEntropy } from './binary-cross-entropy.js';
export { EdgeScorer } from './edge-scorer.js';
export { DvaeDecoder } from './dvae-decoder.js';
export { planTeacherForcing } from './teacher-forcing-plan.js';
export type { TeacherForcingPlan } from './teacher-forcing-plan.js';
export type { DvaeDecoderOptions, GraphStateRule } from './dvae-decoder.js';
// The decode options are part of the graph-VAE contract in @opnas/encoders.
export type { DecodeOptions } from '@opnas/encoders';
export { decoderAmbiguity } from './decoder-ambiguity.js';
export type { DecoderAmbiguity } from './decoder-ambiguity.js';
