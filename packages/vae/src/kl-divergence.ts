// Lives in @opnas/encoders beside `Posterior` (see reparameterise.ts).
export { klDivergence } from '@opnas/encoders';
