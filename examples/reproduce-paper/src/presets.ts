/** The scale of a reproduction run. Every stage reads its settings from here. */
export interface Preset {
  readonly name: 'smoke' | 'cpu' | 'paper';
  readonly description: string;
  /** Training graphs used (null = all 17,118). */
  readonly trainGraphs: number | null;
  /** Hidden size of the graph VAEs (the paper: 501). */
  readonly hidden: number;
  /** Latent size (the paper: 56). */
  readonly latent: number;
  /** Epochs per training run (the paper: 300). */
  readonly epochs: number;
  /** DVAE-EMB iterations T (the paper: 4). */
  readonly embIterations: number;
  /** SGP / BO repetitions (the paper: 10). */
  readonly seeds: number;
  /** BO rounds × batch (the paper: 10 × 50). */
  readonly boRounds: number;
  readonly boBatch: number;
}

export const PRESETS: Readonly<Record<Preset['name'], Preset>> = {
  smoke: {
    name: 'smoke',
    description: 'everything end to end on tiny settings, for CI and a first look (minutes on 2 cores)',
    trainGraphs: 300,
    hidden: 16,
    latent: 8,
    epochs: 3,
    embIterations: 2,
    seeds: 1,
    boRounds: 2,
    boBatch: 5,
  },
  cpu: {
    name: 'cpu',
    description: 'the largest scale that finishes in about 3 hours on a 2-core CPU (full data, reduced width and epochs)',
    trainGraphs: null,
    hidden: 128,
    latent: 56,
    epochs: 10,
    embIterations: 2,
    seeds: 3,
    boRounds: 5,
    boBatch: 50,
  },
  paper: {
    name: 'paper',
    description: "SPEC's exact settings; meant for a CUDA machine with @tensorflow/tfjs-node-gpu (not run by our CI)",
    trainGraphs: null,
    hidden: 501,
    latent: 56,
    epochs: 300,
    embIterations: 4,
    seeds: 10,
    boRounds: 10,
    boBatch: 50,
  },
};
