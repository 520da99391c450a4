/** The six graph VAEs of the paper's Tables 1–2, in the paper's row order. */
export const MODELS = ['dvae', 'gcn', 'svae', 'graphrnn', 'dvae-emb', 'gcn-emb'] as const;
export type ModelName = (typeof MODELS)[number];

/** The models Bayesian optimisation and the latent maps are run for (the paper's Figs. 5–6, 9–10). */
export const SEARCH_MODELS = ['dvae', 'dvae-emb'] as const;

/** The scale of a reproduction run. Every stage reads its settings from here. */
export interface Preset {
  readonly name: 'smoke' | 'cpu' | 'paper';
  readonly description: string;
  /** Training graphs used (null = all 17,118). Latents, Table 1 and Table 2 always use the full splits. */
  readonly trainGraphs: number | null;
  /** Hidden size of the graph VAEs (the paper: 501). */
  readonly hidden: number;
  /** Latent size (the paper: 56). */
  readonly latent: number;
  /** Epochs per training run (the paper: 300). */
  readonly epochs: number;
  /** DVAE-EMB iterations T (the paper: 4). */
  readonly embIterations: number;
  /** Stochastic decodings of each test graph for reconstruction accuracy (protocol §5.1: 100). */
  readonly evalDecodings: number;
  /** Prior points for validity and uniqueness, each decoded 10 times (protocol §5.2: 1,000). */
  readonly evalPoints: number;
  /** Table 2 repetitions (the paper: 10). */
  readonly sgpSeeds: number;
  /** Inducing points and Adam epochs of every sparse-GP fit (protocol §6.6: 500, 100). */
  readonly sgpInducing: number;
  readonly sgpEpochs: number;
  /** BO repetitions (the paper: 10), rounds × batch (10 × 50). */
  readonly boSeeds: number;
  readonly boRounds: number;
  readonly boBatch: number;
  /** Pool mode: encoded training architectures evaluated before the search. */
  readonly boInitial: number;
  /** t-SNE maps: which split's latents (protocol §9 embeds each split on its own; which one the paper shows is unknown) and how many iterations (1,000). */
  readonly tsneSplit: 'train' | 'test';
  readonly tsneIterations: number;
}

export const PRESETS: Readonly<Record<Preset['name'], Preset>> = {
  smoke: {
    name: 'smoke',
    description: 'everything end to end on tiny settings, for CI and a first look (a few minutes on 2 cores)',
    trainGraphs: 300,
    hidden: 16,
    latent: 8,
    epochs: 3,
    embIterations: 2,
    evalDecodings: 5,
    evalPoints: 100,
    sgpSeeds: 1,
    sgpInducing: 50,
    sgpEpochs: 2,
    boSeeds: 1,
    boRounds: 2,
    boBatch: 5,
    boInitial: 100,
    tsneSplit: 'test',
    tsneIterations: 400,
  },
  cpu: {
    name: 'cpu',
    description:
      'full data and evaluation at hidden size 128, 40 epochs, 2 sparse-GP seeds: about 2 hours on a 2-core CPU (1.9 h measured)',
    trainGraphs: null,
    hidden: 128,
    latent: 56,
    epochs: 40,
    embIterations: 2,
    evalDecodings: 100,
    evalPoints: 1000,
    sgpSeeds: 2,
    sgpInducing: 500,
    sgpEpochs: 100,
    boSeeds: 3,
    boRounds: 5,
    boBatch: 50,
    boInitial: 100,
    tsneSplit: 'train',
    tsneIterations: 1000,
  },
  paper: {
    name: 'paper',
    description: "The paper's exact settings; meant for a CUDA machine with @tensorflow/tfjs-node-gpu (not run by our CI)",
    trainGraphs: null,
    hidden: 501,
    latent: 56,
    epochs: 300,
    embIterations: 4,
    evalDecodings: 100,
    evalPoints: 1000,
    sgpSeeds: 10,
    sgpInducing: 500,
    sgpEpochs: 100,
    boSeeds: 10,
    boRounds: 10,
    boBatch: 50,
    boInitial: 100,
    tsneSplit: 'train',
    tsneIterations: 1000,
  },
};
