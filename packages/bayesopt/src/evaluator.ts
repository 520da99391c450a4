/** Where a score came from. */
export type EvaluationSource = 'lookup' | 'surrogate' | 'command';

/** The outcome of evaluating one architecture. */
export type Evaluation =
  | {
      readonly flat: string;
      readonly status: 'scored';
      /** Accuracy in [0, 1]; for a surrogate, a *prediction* (see `source`). */
      readonly accuracy: number;
      readonly source: EvaluationSource;
    }
  | {
      readonly flat: string;
      /** 'unscored': the evaluator has no value for it (e.g. not in the lookup table); 'failed': the evaluation broke. */
      readonly status: 'unscored' | 'failed';
      readonly reason: string;
      readonly source: EvaluationSource;
    };

/**
 * Scores a batch of ENAS architectures (flat strings, protocol §1.4). The reference's weight-sharing
 * ENAS supernet cannot run here; a lookup table, a labelled surrogate or an external command
 * stand in for it (protocol §7.5).
 */
export interface Evaluator {
  readonly kind: EvaluationSource;
  /** What the scores are, for every report, e.g. "surrogate-predicted accuracy (not measured)". */
  readonly label: string;
  /** True when scores are model predictions rather than measurements. */
  readonly surrogate: boolean;
  /** One evaluation per input, in input order. */
  evaluate(flats: readonly string[], options?: { readonly signal?: AbortSignal }): Promise<Evaluation[]>;
}

/** Whitespace-normalised flat string, the key of caches and lookups. */
export const normaliseFlat = (flat: string): string => flat.trim().split(/\s+/).join(' ');
