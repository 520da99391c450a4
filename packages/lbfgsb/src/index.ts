export { lbfgsb, projectedGradientNorm } from './lbfgsb.js';
export type { LbfgsbOptions, LbfgsbResult, LbfgsbStatus, ObjectiveWithGradient } from './lbfgsb.js';
export { LbfgsbArgumentError } from './errors.js';
