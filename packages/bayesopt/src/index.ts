export { BayesOptArgumentError, BayesOptLogError, BayesOptNumericalError } from './errors.js';
export { lowerMillsRatio, normalCdf, normalLogPdf, normalPdf } from './normal-distribution.js';
export { logExpectedImprovement, upperConfidenceBound } from './expected-improvement.js';
export type { AcquisitionValue, LogEiOptions, LogEiTail } from './expected-improvement.js';
export { lbfgsb, projectedGradientNorm } from '@opnas/lbfgsb';
export type { LbfgsbOptions, LbfgsbResult, LbfgsbStatus, ObjectiveWithGradient } from '@opnas/lbfgsb';
export { GpSurface } from './gp-surface.js';
export type { SparseGpPosterior, ValueAndGradient } from './gp-surface.js';
export { sparseGpPosterior } from './sparse-gp-posterior.js';
export type { SparseGpPosteriorOptions } from './sparse-gp-posterior.js';
export { ShrunkVariance } from './shrunk-variance.js';
export { dataBox } from './search-box.js';
export { initialSplit } from './initial-split.js';
export type { SearchBox } from './search-box.js';
export { batchedGreedyEi, uniformGrid } from './batched-greedy-ei.js';
export type { BatchSelection, BatchSelectionOptions, BatchSelectionProgress } from './batched-greedy-ei.js';
export { PosteriorFunctionSampler, batchedThompsonSampling } from './thompson-sampling.js';
export { selectFromPool } from './pool-selection.js';
export type { PoolSelection, PoolSelectionOptions } from './pool-selection.js';
export { decodeLatentPoints, selectDecoding, validEnasFlat, validNotation } from './latent-decoding.js';
export type { DecodeLatentOptions, DecodedGraph, DecodingPolicy, LatentDecoder } from './latent-decoding.js';
export { normaliseFlat } from './evaluator.js';
export type { Evaluation, EvaluationSource, Evaluator } from './evaluator.js';
export { lookupEvaluator, spaceKeyOf } from './lookup-evaluator.js';
export type { AccuracyTable, LookupEvaluatorOptions } from './lookup-evaluator.js';
export { ARCHITECTURE_FEATURE_COUNT, architectureFeatures } from './architecture-features.js';
export { fitFeatureSurrogate, surrogateEvaluator } from './surrogate-evaluator.js';
export type { AccuracySurrogate, FeatureSurrogateOptions } from './surrogate-evaluator.js';
export { commandEvaluator, parseAccuracy } from './command-evaluator.js';
export type { CommandEvaluatorOptions, CommandRunResult } from './command-evaluator.js';
export { CachedEvaluator } from './cached-evaluator.js';
export type { CachedEvaluatorOptions } from './cached-evaluator.js';
export { guardedEvaluator } from './guarded-evaluator.js';
export type { GuardedEvaluatorOptions } from './guarded-evaluator.js';
export { sgpFitSeed, sgpFitter } from './predictor-fit.js';
export type { FitContext, FitPredictor, FittedPredictor, SgpFitterOptions } from './predictor-fit.js';
export { readBoLog, writeBoLog } from './bo-log.js';
export { readRunLog, writeRunLog } from './run-log.js';
export type { RunLogFormat, RunLogHeaderBase } from './run-log.js';
export type {
  BatchSummary,
  BoArmRecord,
  BoLog,
  BoLogHeader,
  BoPointOutcome,
  BoProblemFingerprint,
  BoRoundRecord,
  BoSettings,
  RoundMetrics,
} from './bo-log.js';
export { runBayesOpt } from './bayesian-optimisation.js';
export type { BoOptions, BoPhase, BoProblem, BoProgress, BoRun } from './bayesian-optimisation.js';
export { summariseBayesOpt } from './bo-summary.js';
export type { ArmRoundSummary, BoSummary, MeanSd, RoundSummary, TopArchitecture } from './bo-summary.js';
