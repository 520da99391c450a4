// The graph-VAE contract lives in @opnas/encoders beside the posterior it is built on, so that
// the sequence models (which this package registers) implement the same one without a cycle.
export type { GraphVae, GraphVaeOptions, VaeLoss, VaeLossOptions } from '@opnas/encoders';
