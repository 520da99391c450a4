export { plainEncode, plainGatedSum, plainGreedyDecode, plainGru, plainLinear, plainLogLikelihood, readEnasGraphs, stateDict } from './plain-dvae.js';
export type { PlainConfig, PlainDecoderConfig, StateDict } from './plain-dvae.js';
export { plainGcnEncode } from './plain-gcn.js';
export { plainGraphRnnRecon, plainGruStep, plainRows, plainSvaeEncode, plainSvaeRecon } from './plain-sequence.js';
export { closedFormLoss, expectStructurallyValid, firstTrainingGraphs, overfit, scaleParameters, sequenceDecisions, zeroExcept } from './model-checks.js';
export type { CheckedModel } from './model-checks.js';
export { describeGraphVae } from './graph-vae-conformance.js';
export type { ConformanceOptions, ConformingModel } from './graph-vae-conformance.js';
