import { access } from 'node:fs/promises';
import { createModel, loadModelWeights } from '@opnas/vae';
import type { GraphVae } from '@opnas/vae';
import { CheckpointError } from './errors.js';
import { checkSameLayout, parameterLayout, writeVariables } from './parameter-layout.js';
import { readRunConfig } from './run-config.js';
import type { RunConfig } from './run-config.js';
import { runPath } from './run-files.js';
import { readCheckpoint } from './training-checkpoint.js';

/** Which weights of a run to load. */
export type RunWeights = 'final' | 'checkpoint' | 'auto';

/** A run's model with the weights loaded. */
export interface RunModel {
  readonly config: RunConfig;
  readonly model: GraphVae;
  /** Where the weights came from, and how far training had got. */
  readonly weights: { readonly source: 'final' | 'checkpoint'; readonly path: string; readonly iteration: number; readonly epoch: number };
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Builds a run's model from its `config.json` and loads its weights: `'final'` —
 * `model.safetensors` (written when training completes); `'checkpoint'` — the latest checkpoint
 * (e.g. to evaluate a run still in progress); `'auto'` (default) — final if it exists.
 *
 * @throws {CheckpointError} if the run directory or the chosen weights are missing or do not fit.
 */
export async function loadRunModel(runDir: string, which: RunWeights = 'auto'): Promise<RunModel> {
  const config = await readRunConfig(runDir);
  const finalPath = runPath(runDir, 'model');
  const source = which === 'auto' ? ((await exists(finalPath)) ? 'final' : 'checkpoint') : which;
  const model = createModel(config.model, { ...config.modelOptions });
  try {
    if (source === 'final') {
      if (!(await exists(finalPath))) throw new CheckpointError(`@opnas/train: ${finalPath} does not exist: training has not completed (use the checkpoint)`);
      await loadModelWeights(model, finalPath);
      const last = config.settings.iterations;
      return { config, model, weights: { source, path: finalPath, iteration: last, epoch: config.settings.epochs } };
    }
    const path = runPath(runDir, 'checkpoint');
    if (!(await exists(path))) throw new CheckpointError(`@opnas/train: ${runDir} has neither model.safetensors nor a checkpoint`);
    const checkpoint = await readCheckpoint(path);
    const variables = model.variables();
    const layout = parameterLayout(variables);
    checkSameLayout(layout, { shapes: checkpoint.shapes, offsets: [], size: checkpoint.weights.length }, `checkpoint ${path}`);
    writeVariables(variables, layout, checkpoint.weights);
    return { config, model, weights: { source, path, iteration: checkpoint.state.iteration, epoch: checkpoint.state.epoch } };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
