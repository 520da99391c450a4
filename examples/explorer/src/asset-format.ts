import { decodeSafetensors, toFloat32 } from '@opnas/safetensors';
import type { TensorEntry } from '@opnas/safetensors';
import type { SgpState } from './sgp-predictor.js';

/** The asset's data file and its manifest, side by side in the asset folder. */
export const ASSET_FILE = 'explorer.safetensors';
export const MANIFEST_FILE = 'manifest.json';
export const ASSET_FORMAT = 'opnas-explorer-asset';
export const ASSET_VERSION = 1;

/** Where the asset came from: the run, its data and what was trained. */
export interface AssetRun {
  /** The reproduce-paper preset, when the run folder sits in a reproduction (`…/2-train-<model>/run`). */
  readonly preset: string | null;
  readonly model: string;
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly epochs: number;
  readonly iterations: number;
  readonly trainingGraphs: number;
  /** sha256 of the ENAS data file the run trained on. */
  readonly dataSha256: string;
  /** The run folder's name as given to the builder. */
  readonly runDir: string;
}

/** What the manifest says about the asset (also stored in the data file's metadata). */
export interface AssetInfo {
  readonly format: typeof ASSET_FORMAT;
  readonly version: typeof ASSET_VERSION;
  readonly run: AssetRun;
  readonly modelOptions: Readonly<Record<string, number>>;
  /** Which latents the map shows (each split has its own t-SNE, protocol §9). */
  readonly split: 'train' | 'test';
  readonly points: number;
  readonly tsne: { readonly source: string; readonly iterations: number | null; readonly perplexity: number | null };
  /** Names of the vertex types, row order of the embedding table. */
  readonly operations: readonly string[];
  /** The learned operation table (DVAE-EMB and GCN-EMB), or null. */
  readonly embedding: { readonly iteration: number } | null;
  /** The sparse GP fitted on the training latents (for the interpolations), or null. */
  readonly sgp: {
    readonly inducing: number;
    readonly epochs: number;
    readonly trainingPoints: number;
    readonly logSignalVariance: number;
    readonly logNoiseVariance: number;
    readonly targetMean: number;
    readonly targetSd: number;
    /** On the test split, standardised negated-accuracy scale (protocol §1.7). */
    readonly testRmse: number;
    readonly testPearson: number;
  } | null;
  /** Weights and latents are stored as float16; `agreement` = argmax decodes unchanged by that. */
  readonly float16: { readonly weights: boolean; readonly latents: boolean; readonly agreement: { readonly same: number; readonly of: number } };
}

/** manifest.json: the info plus the data file's size and sha256. */
export interface AssetManifest extends AssetInfo {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly created: string;
}

/** The decoded asset, ready for the page. */
export interface ExplorerAsset {
  readonly info: AssetInfo;
  /** Model weights under their reference names (float16 or float32 entries). */
  readonly weights: Record<string, TensorEntry>;
  readonly latentSize: number;
  /** Posterior means μ, points × latentSize. */
  readonly mu: Float32Array;
  /** t-SNE coordinates, points × 2. */
  readonly xy: Float32Array;
  readonly accuracy: Float32Array;
  /** Post-burn-in dataset index of each point. */
  readonly index: Int32Array;
  /** Flat ENAS string of each point (protocol §1.4). */
  readonly flat: readonly string[];
  /** Embedding table rows (one per vertex type), or null. */
  readonly embedding: readonly (readonly number[])[] | null;
  readonly sgp: SgpState | null;
}

export class AssetError extends Error {
  override readonly name = 'AssetError';
}

function tensor(tensors: Record<string, TensorEntry>, name: string, shape: readonly (number | null)[], source: string): TensorEntry {
  const t = tensors[name];
  if (t === undefined) throw new AssetError(`explorer: ${source}: tensor '${name}' is missing`);
  if (t.shape.length !== shape.length || shape.some((d, i) => d !== null && t.shape[i] !== d)) {
    throw new AssetError(`explorer: ${source}: tensor '${name}' has shape [${t.shape.join(', ')}], expected [${shape.map((d) => d ?? '*').join(', ')}]`);
  }
  return t;
}

const float64 = (t: TensorEntry) => (t.data instanceof Float64Array ? t.data : Float64Array.from(toFloat32(t)));

/** Decodes and checks an asset data file (the bytes of explorer.safetensors). */
export function readAsset(bytes: Uint8Array, source = ASSET_FILE): ExplorerAsset {
  const { tensors, metadata } = decodeSafetensors(bytes, { source });
  const text = metadata['explorer'];
  if (text === undefined) throw new AssetError(`explorer: ${source}: no 'explorer' metadata; not an explorer asset`);
  const info = JSON.parse(text) as AssetInfo;
  if (info.format !== ASSET_FORMAT || info.version !== ASSET_VERSION) {
    throw new AssetError(`explorer: ${source}: format ${String(info.format)} version ${String(info.version)}; this page reads ${ASSET_FORMAT} version ${ASSET_VERSION}`);
  }
  const n = info.points;
  const nz = info.run.latentSize;
  const weights: Record<string, TensorEntry> = {};
  for (const [name, entry] of Object.entries(tensors)) if (name.startsWith('model.')) weights[name.slice('model.'.length)] = entry;
  const flatCodes = tensor(tensors, 'points.flat', [n, null], source).data as Uint8Array;
  const width = flatCodes.length / Math.max(1, n);
  const flat = Array.from({ length: n }, (_, i) => Array.from(flatCodes.subarray(i * width, (i + 1) * width)).join(' '));
  let sgp: SgpState | null = null;
  if (info.sgp !== null) {
    const m = info.sgp.inducing;
    sgp = {
      inducingCount: m,
      dim: nz,
      z: float64(tensor(tensors, 'sgp.z', [m, nz], source)),
      logLengthscales: float64(tensor(tensors, 'sgp.log_lengthscales', [nz], source)),
      a: float64(tensor(tensors, 'sgp.a', [m], source)),
      phi: float64(tensor(tensors, 'sgp.phi', [m, m], source)),
      logSignalVariance: info.sgp.logSignalVariance,
      logNoiseVariance: info.sgp.logNoiseVariance,
      targetMean: info.sgp.targetMean,
      targetSd: info.sgp.targetSd,
    };
  }
  let embedding: number[][] | null = null;
  if (info.embedding !== null) {
    const t = tensor(tensors, 'embedding.table', [info.operations.length, null], source);
    const values = toFloat32(t);
    const cols = t.shape[1]!;
    embedding = Array.from({ length: t.shape[0]! }, (_, i) => Array.from(values.subarray(i * cols, (i + 1) * cols)));
  }
  return {
    info,
    weights,
    latentSize: nz,
    mu: toFloat32(tensor(tensors, 'points.mu', [n, nz], source)),
    xy: toFloat32(tensor(tensors, 'points.xy', [n, 2], source)),
    accuracy: toFloat32(tensor(tensors, 'points.accuracy', [n], source)),
    index: tensor(tensors, 'points.index', [n], source).data as Int32Array,
    flat,
    embedding,
    sgp,
  };
}
