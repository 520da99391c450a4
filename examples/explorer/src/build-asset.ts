import { createHash } from 'node:crypto';
import { access, mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ENAS_VOCABULARY, dagKey } from '@opnas/dag';
import { loadEnasDataset } from '@opnas/enas-data';
import { readLatents } from '@opnas/latents';
import type { LatentSplit } from '@opnas/latents';
import { normaliseTargets, targetStatistics } from '@opnas/metrics';
import { embeddingFromJson } from '@opnas/op-embed';
import { tf } from '@opnas/runtime';
import type { Tensor2D } from '@opnas/runtime';
import { encodeSafetensors, toFloat32 } from '@opnas/safetensors';
import type { TensorEntry } from '@opnas/safetensors';
import { SparseGp, accuracyPredictionMetrics, disposeLinalgThreads, sgpPredictiveState } from '@opnas/sgp';
import { embeddingsFile, loadRunModel } from '@opnas/train';
import { tsne } from '@opnas/tsne';
import { applyModelWeights, createModel } from '@opnas/vae';
import type { GraphVae } from '@opnas/vae';
import writeFileAtomic from 'write-file-atomic';
import { ASSET_FILE, ASSET_FORMAT, ASSET_VERSION, AssetError, MANIFEST_FILE } from './asset-format.js';
import type { AssetInfo, AssetManifest } from './asset-format.js';
import { toHalves } from './float16.js';

/** Options of {@link buildAsset}; defaults in brackets. */
export interface BuildAssetOptions {
  /** A training run folder (config.json, model.safetensors, latents.safetensors). */
  readonly run: string;
  /** Output folder for explorer.safetensors and manifest.json. */
  readonly out: string;
  /** Latents file [run/latents.safetensors]. */
  readonly latents?: string;
  /** Which latents the map shows ['test': 1,902 points keeps the asset small]. */
  readonly split?: 'train' | 'test';
  /**
   * t-SNE points as `opnas plot tsne` writes them (tsne-<split>.json: index, x, y, accuracy)
   * [the reproduction's 7-maps/tsne-<model>/tsne-<split>.json if it exists, else computed here].
   */
  readonly tsne?: string;
  /** Iterations when the t-SNE is computed here [400]. */
  readonly tsneIterations?: number;
  /** The ENAS data file [OPNAS_ENAS_DATA or the cached download]; must be the run's (sha256). */
  readonly data?: string;
  /** Store weights and latents as float16 [true]. */
  readonly float16?: boolean;
  /** Inducing points and Adam epochs of the sparse GP; 0 inducing points = no GP [100, 10]. */
  readonly sgpInducing?: number;
  readonly sgpEpochs?: number;
  /** The preset named in the asset [read from the reproduction's REPORT.md, if any]. */
  readonly preset?: string;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The reproduce-paper preset that wrote `<out>/2-train-<model>/run`, from the reproduction's REPORT.md. */
async function presetOf(runDir: string): Promise<string | null> {
  const text = await readFile(join(dirname(dirname(runDir)), 'REPORT.md'), 'utf8').catch(() => '');
  return /^Preset \*\*([\w-]+)\*\*/m.exec(text)?.[1] ?? null;
}

interface TsnePoint {
  readonly index: number;
  readonly x: number;
  readonly y: number;
}

async function readTsne(path: string, split: LatentSplit): Promise<Float32Array> {
  let points: unknown;
  try {
    points = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new AssetError(`explorer: --tsne ${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray(points)) throw new AssetError(`explorer: --tsne ${path}: expected a JSON array of {index, x, y, accuracy}`);
  const byIndex = new Map<number, TsnePoint>();
  points.forEach((p: Partial<TsnePoint>, i) => {
    if (!Number.isInteger(p.index) || !Number.isFinite(p.x) || !Number.isFinite(p.y)) {
      throw new AssetError(`explorer: --tsne ${path}: entry ${i} needs an integer index and finite x, y`);
    }
    byIndex.set(p.index!, p as TsnePoint);
  });
  const xy = new Float32Array(split.count * 2);
  for (let i = 0; i < split.count; i++) {
    const p = byIndex.get(split.index[i]!);
    if (p === undefined) throw new AssetError(`explorer: --tsne ${path}: no point for dataset index ${split.index[i]} (is it the same split of the same run?)`);
    xy[2 * i] = p.x;
    xy[2 * i + 1] = p.y;
  }
  return xy;
}

/** Argmax decodes of `mu` (rows × nz) as flat strings. */
function decodeFlats(model: GraphVae, mu: Float32Array, rows: number): string[] {
  const z = tf.tensor2d(mu.subarray(0, rows * model.latentSize), [rows, model.latentSize]) as Tensor2D;
  try {
    return model.decode(z, { stochastic: false }).map((dag) => dagKey(dag));
  } finally {
    z.dispose();
  }
}

/**
 * Builds the explorer's asset from a training run: the model weights, the latents of one split
 * with their t-SNE coordinates, accuracies and architectures, the learned operation table (EMB
 * models), and a sparse GP fitted on the training latents; written as one safetensors file plus
 * a manifest with its sha256 and where it came from.
 *
 * @throws {AssetError} naming the file or option at fault.
 */
export async function buildAsset(options: BuildAssetOptions): Promise<AssetManifest> {
  const log = options.log ?? (() => {});
  const runDir = resolve(options.run);
  const split = options.split ?? 'test';
  const float16 = options.float16 ?? true;
  const { config, model } = await loadRunModel(runDir, 'final').catch((error: Error) => {
    throw new AssetError(`explorer: --run ${options.run}: ${error.message}`);
  });
  try {
    const latentsPath = options.latents ?? join(runDir, 'latents.safetensors');
    if (!(await exists(latentsPath))) throw new AssetError(`explorer: ${latentsPath} does not exist (give --latents, or run \`opnas encode\` on the run)`);
    const latents = await readLatents(latentsPath);
    const points = latents[split];
    if (points.dim !== model.latentSize) throw new AssetError(`explorer: ${latentsPath}: ${points.dim}-dimensional latents, but the model's latent size is ${model.latentSize}`);

    const dataset = await loadEnasDataset(options.data === undefined ? {} : { path: options.data });
    if (dataset.sha256 !== config.data.source.sha256) {
      throw new AssetError(`explorer: the data file ${dataset.path} (sha256 ${dataset.sha256}) is not the one the run trained on (${config.data.source.sha256})`);
    }
    const flatCodes = new Uint8Array(points.count * 21);
    for (let i = 0; i < points.count; i++) {
      const record = dataset.graphs[points.index[i]!];
      if (record === undefined) throw new AssetError(`explorer: ${latentsPath}: ${split}.index[${i}] = ${points.index[i]} is not a dataset index`);
      const codes = record.flat.split(' ').map(Number);
      if (codes.length !== 21) throw new AssetError(`explorer: dataset index ${record.index}: flat string has ${codes.length} numbers, expected 21`);
      flatCodes.set(codes, i * 21);
    }

    // t-SNE: the reproduction's map if there is one, else computed with protocol §9's settings.
    const defaultTsne = join(dirname(dirname(runDir)), '7-maps', `tsne-${config.model}`, `tsne-${split}.json`);
    const tsnePath = options.tsne ?? ((await exists(defaultTsne)) ? defaultTsne : undefined);
    let xy: Float32Array;
    let tsneInfo: AssetInfo['tsne'];
    if (tsnePath !== undefined) {
      xy = await readTsne(tsnePath, points);
      tsneInfo = { source: basename(tsnePath), iterations: null, perplexity: null };
      log(`t-SNE coordinates from ${tsnePath}`);
    } else {
      const iterations = options.tsneIterations ?? 400;
      log(`t-SNE of ${points.count} ${split} latents, ${iterations} iterations`);
      const result = tsne({ rows: points.count, cols: points.dim, data: points.mu }, { iterations, seed: 0 });
      xy = Float32Array.from(result.embedding);
      tsneInfo = { source: 'computed by the asset builder (@opnas/tsne, seed 0)', iterations, perplexity: 30 };
    }

    const tensors: Record<string, TensorEntry> = {};
    const reference = model.referenceParameters();
    for (const p of reference) {
      const values = p.read();
      tensors[`model.${p.name}`] = float16 ? { dtype: 'F16', shape: [...p.shape], data: toHalves(values) } : { dtype: 'F32', shape: [...p.shape], data: Float32Array.from(values) };
    }
    tensors['points.mu'] = float16
      ? { dtype: 'F16', shape: [points.count, points.dim], data: toHalves(points.mu) }
      : { dtype: 'F32', shape: [points.count, points.dim], data: points.mu };
    tensors['points.xy'] = { dtype: 'F32', shape: [points.count, 2], data: xy };
    tensors['points.accuracy'] = { dtype: 'F32', shape: [points.count], data: Float32Array.from(points.accuracy) };
    tensors['points.index'] = { dtype: 'I32', shape: [points.count], data: Int32Array.from(points.index) };
    tensors['points.flat'] = { dtype: 'U8', shape: [points.count, 21], data: flatCodes };

    // Does float16 change what the model decodes? Argmax decodes of the first points, both ways.
    let agreement = { same: 0, of: 0 };
    if (float16) {
      const rows = Math.min(points.count, 256);
      const rounded = createModel(config.model, { ...config.modelOptions });
      try {
        const halves: Record<string, TensorEntry> = {};
        for (const p of reference) halves[p.name] = tensors[`model.${p.name}`]!;
        applyModelWeights(rounded, halves, { source: 'float16 weights' });
        const mu16 = toFloat32(tensors['points.mu']);
        const exact = decodeFlats(model, points.mu, rows);
        const approx = decodeFlats(rounded, mu16, rows);
        agreement = { same: exact.filter((s, i) => s === approx[i]).length, of: rows };
        log(`float16: ${agreement.same}/${agreement.of} argmax decodes unchanged`);
      } finally {
        rounded.dispose();
      }
    }

    let embedding: AssetInfo['embedding'] = null;
    let operations: readonly string[] = ENAS_VOCABULARY.labels;
    for (let iteration = 16; iteration >= 1; iteration--) {
      const text = await readFile(join(runDir, embeddingsFile(iteration)), 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const json = embeddingFromJson(JSON.parse(text));
      if (json.names !== undefined) operations = json.names;
      const cols = json.table[0]!.length;
      tensors['embedding.table'] = { dtype: 'F32', shape: [json.table.length, cols], data: Float32Array.from(json.table.flat()) };
      embedding = { iteration };
      break;
    }

    let sgp: AssetInfo['sgp'] = null;
    const inducing = options.sgpInducing ?? 100;
    if (inducing > 0) {
      const epochs = options.sgpEpochs ?? 10;
      const { train, test } = latents;
      log(`sparse GP: ${inducing} inducing points, ${epochs} epochs on ${train.count} training latents`);
      const normalisation = targetStatistics(train.accuracy);
      const gp = new SparseGp({ seed: 1, inducingPoints: inducing, epochs });
      await gp.fit({ rows: train.count, cols: train.dim, data: train.mu }, normaliseTargets(train.accuracy, normalisation));
      const metrics = accuracyPredictionMetrics(gp.predict({ rows: test.count, cols: test.dim, data: test.mu }), test.accuracy, normalisation);
      const parameters = gp.parameters;
      const state = sgpPredictiveState(parameters);
      tensors['sgp.z'] = { dtype: 'F64', shape: [inducing, train.dim], data: Float64Array.from(parameters.z) };
      tensors['sgp.log_lengthscales'] = { dtype: 'F64', shape: [train.dim], data: Float64Array.from(parameters.logLengthscales) };
      tensors['sgp.a'] = { dtype: 'F64', shape: [inducing], data: state.a };
      tensors['sgp.phi'] = { dtype: 'F64', shape: [inducing, inducing], data: state.phi };
      sgp = {
        inducing,
        epochs,
        trainingPoints: train.count,
        logSignalVariance: parameters.logSignalVariance,
        logNoiseVariance: parameters.logNoiseVariance,
        targetMean: normalisation.mean,
        targetSd: normalisation.sd,
        testRmse: metrics.rmse,
        testPearson: metrics.pearson,
      };
      log(`sparse GP: test RMSE ${metrics.rmse.toFixed(3)}, Pearson r ${metrics.pearson.toFixed(3)} (standardised scale)`);
    }

    const info: AssetInfo = {
      format: ASSET_FORMAT,
      version: ASSET_VERSION,
      run: {
        preset: options.preset ?? (await presetOf(runDir)),
        model: config.model,
        hiddenSize: model.hiddenSize,
        latentSize: model.latentSize,
        epochs: config.settings.epochs,
        iterations: config.settings.iterations,
        trainingGraphs: config.data.count,
        dataSha256: config.data.source.sha256,
        runDir: options.run,
      },
      modelOptions: { ...config.modelOptions } as Record<string, number>,
      split,
      points: points.count,
      tsne: tsneInfo,
      operations,
      embedding,
      sgp,
      float16: { weights: float16, latents: float16, agreement },
    };
    const bytes = encodeSafetensors(tensors, { explorer: JSON.stringify(info) });
    const manifest: AssetManifest = {
      ...info,
      file: ASSET_FILE,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      created: new Date().toISOString(),
    };
    await mkdir(options.out, { recursive: true });
    await writeFileAtomic(join(options.out, ASSET_FILE), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    await writeFileAtomic(join(options.out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    log(`wrote ${join(options.out, ASSET_FILE)} (${(bytes.length / 1024).toFixed(0)} KiB, sha256 ${manifest.sha256.slice(0, 12)}…)`);
    return manifest;
  } finally {
    model.dispose();
    disposeLinalgThreads();
  }
}
