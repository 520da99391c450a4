export { LATENTS_FORMAT, LATENTS_VERSION, LatentsError, latentRow, readLatents, writeLatents } from './latents-file.js';
export type { LatentSplit, LatentsFile } from './latents-file.js';
