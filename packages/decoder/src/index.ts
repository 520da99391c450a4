export { DecoderError } from './errors.js';
export { binaryCrossEntropy } from './binary-cross-entropy.js';
export { EdgeScorer } from './edge-scorer.js';
export { DvaeDecoder } from './dvae-decoder.js';
export { planTeacherForcing } from './teacher-forcing-plan.js';
export type { TeacherForcingPlan } from './teacher-forcing-plan.js';
export type { DecodeOptions, DvaeDecoderOptions, GraphStateRule } from './dvae-decoder.js';
export { decoderAmbiguity } from './decoder-ambiguity.js';
export type { DecoderAmbiguity } from './decoder-ambiguity.js';
