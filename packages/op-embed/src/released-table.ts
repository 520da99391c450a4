/**
 * The 8 × 3 table that the released DVAE_EMB code writes over its embedding in `__init__`
 * (commented there as the "DVAE_EMB5 results"), rows by ENAS type id 0..7 (protocol §3.2).
 */
export const RELEASED_EMBEDDING_TABLE: readonly (readonly number[])[] = Object.freeze([
  Object.freeze([-1.505, -0.665, -0.641]),
  Object.freeze([-1.57, -0.08, -0.59]),
  Object.freeze([-0.222, -1.357, 0.844]),
  Object.freeze([0.775, 1.9, -0.552]),
  Object.freeze([0.253, -0.425, -0.549]),
  Object.freeze([-0.091, -0.657, 0.355]),
  Object.freeze([0.319, 1.108, -0.085]),
  Object.freeze([-0.335, -1.564, 2.217]),
]);
