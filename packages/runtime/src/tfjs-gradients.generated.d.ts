// The bundle beside this file (generated on install by scripts/bundle-tfjs-gradients.mjs)
// registers tfjs-core's gradients and chained ops; it exports nothing.
export {};
