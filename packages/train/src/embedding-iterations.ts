import { join } from 'node:path';
import { ENAS_VOCABULARY } from '@opnas/dag';
import type { OperationVocabulary } from '@opnas/dag';
import { RELEASED_EMBEDDING_TABLE, embeddingToJson } from '@opnas/op-embed';
import type { ReferenceParameter, Variable } from '@opnas/runtime';
import type { GraphVae } from '@opnas/vae';
import writeFileAtomic from 'write-file-atomic';
import { TrainError } from './errors.js';
import { readVariables, writeVariables } from './parameter-layout.js';
import type { ParameterLayout } from './parameter-layout.js';
import { embeddingsFile } from './run-files.js';
import type { TrainingSettings } from './training-options.js';

/** The flat training state an iteration boundary rewrites (`model.variables()` layout). */
export interface IterationState {
  readonly weights: Float32Array;
  /** Adam's first and second moments. */
  readonly m: Float32Array;
  readonly v: Float32Array;
}

/** What {@link EmbeddingIterations.prepare} needs besides the model and the settings. */
export interface EmbeddingIterationsOptions {
  /** Registry name, for messages. */
  readonly modelName: string;
  /** Whether the user chose `initTable` (refused for a model without a table). */
  readonly initTableGiven: boolean;
  /** The model's types, for the names in the table files. Default ENAS's. */
  readonly vocabulary?: OperationVocabulary;
}

function tableRows(parameter: ReferenceParameter): number[][] {
  const [rows, cols] = parameter.shape as [number, number];
  const values = parameter.read();
  return Array.from({ length: rows }, (_, r) => Array.from(values.subarray(r * cols, (r + 1) * cols)));
}

/**
 * The T × N operation-embedding scheme (protocol §4.2): T iterations of N epochs, the learned
 * table of one iteration carried into the next. This holds what the scheme adds to plain
 * training (the table, its start, its files and the carry-over between iterations); the
 * training loop runs the epochs and asks it what to do at each iteration's end.
 */
export class EmbeddingIterations {
  private constructor(
    /** The model's table (`embeddings.weight`), or none. */
    readonly embedding: ReferenceParameter | undefined,
    private readonly settings: Pick<TrainingSettings, 'iterations' | 'carryOver'>,
    private readonly names: readonly string[],
  ) {}

  /**
   * Checks the scheme's settings against the model and sets iteration 1's table: the model is
   * always built with its seeded N(0, 1) table, which `initTable: 'released'` overwrites as the
   * released code does, so every other weight starts the same whichever table is chosen.
   *
   * @throws {TrainError} for `initTable`, or `carryOver: 'embeddings'` over several iterations, on a
   *   model without a table.
   */
  static prepare(model: GraphVae, settings: Pick<TrainingSettings, 'iterations' | 'carryOver' | 'initTable'>, options: EmbeddingIterationsOptions): EmbeddingIterations {
    const embedding = model.referenceParameters().find((p) => p.name === 'embeddings.weight');
    if (embedding === undefined && options.initTableGiven) {
      throw new TrainError(`@opnas/train: initTable applies to models with an operation embedding; '${options.modelName}' has none`);
    }
    if (embedding === undefined && settings.iterations > 1 && settings.carryOver === 'embeddings') {
      throw new TrainError(`@opnas/train: carryOver 'embeddings' needs a model with an operation embedding; '${options.modelName}' has none (use carryOver 'all' or iterations 1)`);
    }
    if (embedding !== undefined && settings.initTable === 'released') embedding.write(Float32Array.from(RELEASED_EMBEDDING_TABLE.flat()));
    return new EmbeddingIterations(embedding, settings, (options.vocabulary ?? ENAS_VOCABULARY).names);
  }

  /**
   * Writes the model's current table as the run's `embeddings-iteration-{iteration}.json`
   * (iteration 0: the table training starts from), atomically; nothing for a model without one.
   */
  async writeTable(runDir: string, iteration: number): Promise<void> {
    if (this.embedding === undefined) return;
    await writeFileAtomic(join(runDir, embeddingsFile(iteration)), `${JSON.stringify(embeddingToJson(tableRows(this.embedding), { names: this.names }), null, 2)}\n`);
  }

  /**
   * Whether a new iteration starts from fresh weights, Adam and scheduler with only the table
   * carried over (`carryOver: 'embeddings'`, the paper), rather than from everything (`'all'`).
   */
  get restarts(): boolean {
    return this.settings.carryOver === 'embeddings';
  }

  /**
   * For a {@link EmbeddingIterations.restarts restarting} scheme, sets `state` up for the next
   * iteration: the initial weights (`initial`) with the learned table (read through `variables`,
   * which must hold the current weights), Adam's moments zeroed. The caller restarts its step
   * count and scheduler.
   */
  carryOver(variables: readonly Variable[], layout: ParameterLayout, initial: Float32Array, state: IterationState): void {
    if (!this.restarts) throw new TrainError("@opnas/train: carryOver is for carryOver 'embeddings'");
    const embedding = this.embedding!;
    const table = embedding.read();
    writeVariables(variables, layout, initial);
    embedding.write(table);
    readVariables(variables, layout, state.weights);
    state.m.fill(0);
    state.v.fill(0);
  }

  /** The notice that starts iteration `iteration`. */
  notice(iteration: number): string {
    const what = this.restarts ? 'the embedding table' : 'weights, Adam moments and the scheduler';
    return `iteration ${iteration} of ${this.settings.iterations}: carrying over ${what}`;
  }
}
