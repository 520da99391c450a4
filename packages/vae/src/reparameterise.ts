// Lives in @opnas/encoders beside `Posterior`, so that models outside this package (the
// sequence baselines, which @opnas/vae itself registers) can use it without a dependency cycle.
export { reparameterise } from '@opnas/encoders';
export type { ReparameteriseOptions } from '@opnas/encoders';
