/// <reference lib="dom" />
import { ENAS_VOCABULARY, dagToEnasFlat, dagKey, enasFlatToDag, isSameDag, isValidEnas, toSvg } from '@opnas/dag';
import type { Dag } from '@opnas/dag';
import { pairwiseDistances } from '@opnas/op-embed';
import { PythonRandom } from '@opnas/rng';
import { installWasmKernelFixes, tf } from '@opnas/runtime';
import type { Tensor2D } from '@opnas/runtime';
import { applyModelWeights, createModel } from '@opnas/vae';
import type { GraphVae } from '@opnas/vae';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { ASSET_FILE, MANIFEST_FILE, readAsset } from '../asset-format.js';
import type { AssetManifest, ExplorerAsset } from '../asset-format.js';
import { interpolate } from '../interpolation.js';
import type { InterpolationMethod } from '../interpolation.js';
import { predictAccuracy } from '../sgp-predictor.js';
import { viridis } from './colour-scale.js';
import { LatentMap } from './latent-map.js';

/** Stochastic decodes per picked point. */
const DECODES = 10;

/** What the page exposes for the browser test and for curious users (`window.explorer`). */
interface ExplorerHandle {
  state: 'loading' | 'ready' | 'no-asset' | 'error';
  /** ms from navigation start until the map could be used. */
  interactiveMs?: number;
  /** ms of the last batch of DECODES stochastic decodes. */
  lastDecodeMs?: number;
  backend?: string;
  points?: number;
  /** Page px of point i (for the test to click it). */
  pointOnPage?: (i: number) => { x: number; y: number };
  pick?: (i: number) => void;
  /** Times `n` stochastic decodes of point i's latent, in ms (one batch, as a click does). */
  timeDecodes?: (i: number, n: number) => number;
  error?: string;
}

declare global {
  interface Window {
    explorer: ExplorerHandle;
  }
}

const handle: ExplorerHandle = { state: 'loading' };
window.explorer = handle;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`explorer: the page has no #${id}`);
  return el as T;
};
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};
const fmt = (x: number, digits = 4) => x.toFixed(digits);
const labels = ENAS_VOCABULARY.labels;

function status(text: string): void {
  $('status').textContent = text;
}

/** An architecture drawing as an <img> (each SVG keeps its own ids), with a text alternative. */
function drawing(dag: Dag, title: string, width?: number): HTMLElement {
  const svg = toSvg(dag, { title });
  const img = el('img', { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, alt: `${title}: ${describe(dag)}`, className: 'dag' });
  if (width !== undefined) img.style.width = `${width}px`;
  return img;
}

/** The operations layer by layer, e.g. "conv 3×3 → sep conv 5×5 → …", for text alternatives. */
function describe(dag: Dag): string {
  return dag.types
    .slice(1, -1)
    .map((t) => labels[t] ?? `type ${t}`)
    .join(' → ');
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function loadManifest(): Promise<AssetManifest | null> {
  const response = await fetch(`asset/${MANIFEST_FILE}`, { cache: 'no-cache' });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`explorer: asset/${MANIFEST_FILE}: HTTP ${response.status}`);
  const manifest = (await response.json()) as AssetManifest | { missing: true };
  // the page build writes { missing: true } when it had no asset to copy
  return 'missing' in manifest ? null : manifest;
}

/**
 * `?backend=webgpu` runs the model on WebGPU where the browser has an adapter (else wasm, with a
 * note). The default is wasm: the decoder reads values back after every vertex, and for models
 * this small a GPU round trip costs more than the arithmetic.
 */
async function startWebgpu(): Promise<string | null> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (gpu === undefined || (await gpu.requestAdapter()) === null) return null;
  await import('@tensorflow/tfjs-backend-webgpu');
  const ok = await tf.setBackend('webgpu').catch(() => false);
  return ok && tf.getBackend() === 'webgpu' ? 'webgpu' : null;
}

async function startBackend(): Promise<string> {
  if (new URLSearchParams(window.location.search).get('backend') === 'webgpu') {
    const backend = await startWebgpu();
    if (backend !== null) return backend;
    $('backend-note').textContent = 'This browser offers no WebGPU adapter, so the model runs on WebAssembly.';
  }
  // The wasm binaries are served beside the bundle (copied by the page build).
  setWasmPaths(new URL('wasm/', window.location.href).href);
  const ok = await tf.setBackend('wasm');
  if (!ok || tf.getBackend() !== 'wasm') throw new Error("explorer: tfjs's wasm backend failed to start");
  installWasmKernelFixes();
  return `wasm${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? ' (SIMD)' : ''}`;
}

/** Decodes latent rows; one batch. */
function decodeRows(model: GraphVae, rows: readonly ArrayLike<number>[], stochastic: boolean, random: PythonRandom): Dag[] {
  const nz = model.latentSize;
  const flat = new Float32Array(rows.length * nz);
  rows.forEach((r, i) => flat.set(Array.from(r), i * nz));
  const z = tf.tensor2d(flat, [rows.length, nz]) as Tensor2D;
  try {
    return model.decode(z, { stochastic, random });
  } finally {
    z.dispose();
  }
}

function showRun(manifest: AssetManifest, backend: string): void {
  const r = manifest.run;
  const parts = [
    `${r.model}, hidden size ${r.hiddenSize}, latent size ${r.latentSize}`,
    `${r.epochs} epochs × ${r.iterations} iteration${r.iterations === 1 ? '' : 's'} on ${r.trainingGraphs} graphs`,
    r.preset === null ? null : `preset ${r.preset}`,
    `${manifest.points} ${manifest.split} latents`,
    `data sha256 ${r.dataSha256.slice(0, 12)}…`,
    `asset ${(manifest.bytes / 1024).toFixed(0)} KiB, sha256 ${manifest.sha256.slice(0, 12)}…`,
    `backend ${backend}`,
  ].filter((p) => p !== null);
  $('run').textContent = parts.join(' · ');
}

class Explorer {
  private picked: number[] = [];
  private readonly map: LatentMap;

  constructor(
    private readonly asset: ExplorerAsset,
    private readonly model: GraphVae,
  ) {
    const canvas = $<HTMLCanvasElement>('map');
    this.map = new LatentMap(canvas, asset, {
      onHover: (i, at) => this.hover(i, at),
      onPick: (i) => this.pick(i),
    });
    $('legend-low').textContent = fmt(this.map.range.low);
    $('legend-high').textContent = fmt(this.map.range.high);
    const bar = $('legend-bar');
    bar.style.background = `linear-gradient(to right, ${Array.from({ length: 9 }, (_, k) => viridis(k / 8)).join(', ')})`;
    $('zoom-in').addEventListener('click', () => this.map.zoom(1.25));
    $('zoom-out').addEventListener('click', () => this.map.zoom(0.8));
    $('zoom-reset').addEventListener('click', () => this.map.reset());
    $('clear').addEventListener('click', () => this.clear());
    $('pick-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const value = Number($<HTMLInputElement>('pick-index').value);
      const i = this.asset.index.indexOf(value);
      if (i < 0) status(`No point has dataset index ${value} in this split.`);
      else this.pick(i);
    });
    for (const id of ['method', 'steps']) {
      $(id).addEventListener('change', () => {
        try {
          this.interpolation();
        } catch (error) {
          status(`Decoding failed: ${(error as Error).message}`);
          console.error(error);
        }
      });
    }
    $('pick-index').setAttribute('placeholder', String(asset.index[0]));
    this.embedding();
  }

  private hover(i: number | null, at: { x: number; y: number }): void {
    const tip = $('tooltip');
    if (i === null) {
      tip.hidden = true;
      return;
    }
    const dag = enasFlatToDag(this.asset.flat[i]!);
    tip.replaceChildren(
      el('div', { className: 'tip-head' }, `#${this.asset.index[i]} · accuracy ${fmt(this.asset.accuracy[i]!)}`),
      el('div', { className: 'tip-ops' }, describe(dag)),
      drawing(dag, '', 150),
    );
    tip.hidden = false;
    const x = Math.min(window.innerWidth - 260, at.x + 16);
    tip.style.left = `${x + window.scrollX}px`;
    tip.style.top = `${at.y + 16 + window.scrollY}px`;
    $('hover-live').textContent = `point ${this.asset.index[i]}, accuracy ${fmt(this.asset.accuracy[i]!)}`;
  }

  clear(): void {
    this.picked = [];
    this.map.setSelected([]);
    $('point').replaceChildren(el('p', { className: 'hint' }, 'Click a point on the map (or give its dataset index) to draw and decode its architecture.'));
    $('interpolation').replaceChildren(el('p', { className: 'hint' }, 'Pick a second point to walk between the two.'));
    status('Selection cleared.');
  }

  pick(i: number): void {
    try {
      this.select(i);
    } catch (error) {
      status(`Decoding failed: ${(error as Error).message}`);
      console.error(error);
    }
  }

  private select(i: number): void {
    this.picked = this.picked.length === 1 ? [this.picked[0]!, i] : [i];
    this.map.setSelected(this.picked);
    if (this.picked.length === 1) {
      this.point(i);
      $('interpolation').replaceChildren(el('p', { className: 'hint' }, 'Pick a second point (B) to walk from A to B.'));
    } else {
      this.interpolation();
    }
  }

  /** Point A: its architecture, and what the decoder makes of its latent. */
  private point(i: number): void {
    const a = this.asset;
    const original = enasFlatToDag(a.flat[i]!);
    const mu = a.mu.subarray(i * a.latentSize, (i + 1) * a.latentSize);
    const random = new PythonRandom(a.index[i]!);
    const t0 = performance.now();
    const decoded = decodeRows(
      this.model,
      Array.from({ length: DECODES }, () => mu),
      true,
      random,
    );
    const ms = performance.now() - t0;
    handle.lastDecodeMs = ms;
    const argmax = decodeRows(this.model, [mu], false, random)[0]!;
    const counts = new Map<string, { dag: Dag; count: number }>();
    for (const d of decoded) {
      const key = dagKey(d);
      const entry = counts.get(key) ?? { dag: d, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
    const ranked = [...counts.values()].sort((x, y) => y.count - x.count);
    const same = decoded.filter((d) => isSameDag(d, original)).length;
    const valid = decoded.filter((d) => isValidEnas(d)).length;
    const mode = ranked[0]!;
    const panel = $('point');
    panel.replaceChildren(
      el('h3', {}, `A: dataset #${a.index[i]}, accuracy ${fmt(a.accuracy[i]!)}`),
      el('p', { className: 'mono' }, a.flat[i]!),
      el(
        'div',
        { className: 'row' },
        el('figure', {}, drawing(original, 'architecture'), el('figcaption', {}, 'The architecture (from the dataset).')),
        el(
          'figure',
          {},
          drawing(argmax, 'decoded (argmax)'),
          el('figcaption', {}, isSameDag(argmax, original) ? 'Deterministic decode of μ: the same architecture.' : 'Deterministic decode of μ: a different architecture.'),
        ),
        el('figure', {}, drawing(mode.dag, `most frequent of ${DECODES}`), el('figcaption', {}, `Stochastic decodes: this one ${mode.count} of ${DECODES} times.`)),
      ),
      el(
        'p',
        { id: 'decode-summary' },
        `${DECODES} stochastic decodes of μ in ${ms.toFixed(1)} ms: ${same} of ${DECODES} identical to the architecture, ${ranked.length} distinct, ${valid} valid ENAS graphs.`,
      ),
    );
    panel.dataset['decoded'] = String(DECODES);
    status(`Picked #${a.index[i]}: ${same}/${DECODES} decodes reproduce it.`);
  }

  /** A → B: each step decoded, drawn, and scored by the sparse GP. */
  private interpolation(): void {
    if (this.picked.length !== 2) return;
    const a = this.asset;
    const [i, j] = this.picked as [number, number];
    const method = $<HTMLSelectElement>('method').value as InterpolationMethod;
    const steps = Math.min(16, Math.max(2, Math.round(Number($<HTMLInputElement>('steps').value) || 8)));
    const row = (k: number) => a.mu.subarray(k * a.latentSize, (k + 1) * a.latentSize);
    const path = interpolate(row(i), row(j), steps, method);
    const t0 = performance.now();
    const dags = decodeRows(this.model, path, false, new PythonRandom(0));
    const ms = performance.now() - t0;
    const da = enasFlatToDag(a.flat[i]!);
    const db = enasFlatToDag(a.flat[j]!);
    const predictions = a.sgp === null ? null : path.map((z) => predictAccuracy(a.sgp!, z));
    const list = el('ol', { className: 'steps' });
    dags.forEach((d, k) => {
      const t = k / steps;
      const tag = isSameDag(d, da) ? 'as A' : isSameDag(d, db) ? 'as B' : isValidEnas(d) ? 'new' : 'invalid';
      const p = predictions?.[k];
      const caption = `t = ${t.toFixed(2)} · ${tag}${p === undefined ? '' : ` · GP ${fmt(p.accuracy)} ± ${fmt(p.sd)}`}`;
      list.append(
        el(
          'li',
          { className: `step ${tag.replace(' ', '-')}` },
          drawing(d, `t = ${t.toFixed(2)}`, 170),
          el('div', { className: 'caption' }, caption),
          el('div', { className: 'mono small' }, isValidEnas(d) ? dagToEnasFlat(d) : '(not an ENAS architecture)'),
        ),
      );
    });
    const changes = dags.slice(1).filter((d, k) => !isSameDag(d, dags[k]!)).length;
    $('interpolation').replaceChildren(
      el('h3', {}, `A (#${a.index[i]}, ${fmt(a.accuracy[i]!)}) → B (#${a.index[j]}, ${fmt(a.accuracy[j]!)})`),
      el(
        'p',
        { id: 'interpolation-summary' },
        `${method === 'great-circle' ? 'Great-circle' : 'Linear'} walk, ${steps + 1} points decoded (argmax) in ${ms.toFixed(1)} ms; the architecture changes ${changes} time${changes === 1 ? '' : 's'} along the way.`,
      ),
      ...(predictions === null
        ? [el('p', { className: 'hint' }, 'This asset has no sparse GP, so no predicted accuracies.')]
        : [this.chart(predictions, a.accuracy[i]!, a.accuracy[j]!)]),
      list,
    );
    status(`Interpolated #${a.index[i]} → #${a.index[j]} in ${steps} steps.`);
  }

  /** The GP's predicted accuracy along the walk, ± 2 sd, with A's and B's true accuracies. */
  private chart(predictions: readonly { accuracy: number; sd: number }[], accA: number, accB: number): HTMLElement {
    const w = 560,
      h = 180,
      pad = 44;
    const lo = Math.min(accA, accB, ...predictions.map((p) => p.accuracy - 2 * p.sd));
    const hi = Math.max(accA, accB, ...predictions.map((p) => p.accuracy + 2 * p.sd));
    const x = (k: number) => pad + (k / (predictions.length - 1)) * (w - 2 * pad);
    const y = (v: number) => h - 24 - ((v - lo) / (hi - lo || 1)) * (h - 56);
    const band = [...predictions.map((p, k) => `${x(k)},${y(p.accuracy + 2 * p.sd)}`), ...predictions.map((p, k) => `${x(k)},${y(p.accuracy - 2 * p.sd)}`).reverse()].join(' ');
    const line = predictions.map((p, k) => `${x(k)},${y(p.accuracy)}`).join(' ');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="system-ui, sans-serif" font-size="11">
<rect width="${w}" height="${h}" fill="#fff"/>
<polygon points="${band}" fill="#9ecae1" opacity="0.6"/>
<polyline points="${line}" fill="none" stroke="#08519c" stroke-width="2"/>
<circle cx="${x(0)}" cy="${y(accA)}" r="5" fill="#d62728"/><circle cx="${x(predictions.length - 1)}" cy="${y(accB)}" r="5" fill="#1f77b4"/>
<text x="${pad}" y="${h - 6}">A</text><text x="${w - pad}" y="${h - 6}" text-anchor="end">B</text>
<text x="4" y="${y(hi) + 4}">${fmt(hi)}</text><text x="4" y="${y(lo) + 4}">${fmt(lo)}</text>
<text x="${w / 2}" y="14" text-anchor="middle">sparse GP: predicted accuracy ± 2 sd along the walk (dots: A's and B's dataset accuracies)</text>
</svg>`;
    return el('img', {
      src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
      alt: `Predicted accuracy along the walk: ${predictions.map((p) => fmt(p.accuracy)).join(', ')}`,
      className: 'chart',
    });
  }

  /** DVAE-EMB's learned operation table and the distances between its rows. */
  private embedding(): void {
    const section = $('embedding');
    const table = this.asset.embedding;
    if (table === null) {
      section.replaceChildren(
        el('h2', {}, 'Operation embeddings'),
        el('p', { className: 'hint' }, `${this.asset.info.run.model} uses fixed one-hot operations; only DVAE-EMB and GCN-EMB learn an operation table.`),
      );
      return;
    }
    const names = this.asset.info.operations;
    const distances = pairwiseDistances(table.map((r) => [...r]));
    const max = Math.max(...distances.flat());
    const values = el('table', { className: 'numbers' });
    values.append(el('caption', {}, `The learned table (iteration ${this.asset.info.embedding!.iteration}): one row per vertex type.`));
    values.append(el('tr', {}, el('th', { scope: 'col' }, 'operation'), ...table[0]!.map((_, d) => el('th', { scope: 'col' }, `e${d + 1}`))));
    table.forEach((r, k) => values.append(el('tr', {}, el('th', { scope: 'row' }, names[k] ?? `type ${k}`), ...r.map((v) => el('td', {}, v.toFixed(3))))));
    const dist = el('table', { className: 'numbers heat' });
    dist.append(el('caption', {}, 'Euclidean distances between rows (darker = closer).'));
    dist.append(el('tr', {}, el('th', {}, ''), ...names.map((n) => el('th', { scope: 'col' }, n))));
    distances.forEach((r, k) => {
      dist.append(
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, names[k] ?? `type ${k}`),
          ...r.map((v) => {
            const cell = el('td', {}, v.toFixed(2));
            const shade = 1 - v / (max || 1);
            cell.style.background = `rgba(8, 81, 156, ${(0.75 * shade).toFixed(2)})`;
            if (shade > 0.55) cell.style.color = '#fff';
            return cell;
          }),
        ),
      );
    });
    section.replaceChildren(el('h2', {}, 'Operation embeddings'), el('div', { className: 'row wrap' }, values, dist));
  }

  get mapView(): LatentMap {
    return this.map;
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const manifest = await loadManifest();
  if (manifest === null) {
    handle.state = 'no-asset';
    $('loading').hidden = true;
    $('no-asset').hidden = false;
    status('No asset was built into this site.');
    return;
  }
  status('Loading the model and latents…');
  const [bytes, backend] = await Promise.all([
    fetch(`asset/${manifest.file || ASSET_FILE}`).then(async (r) => {
      if (!r.ok) throw new Error(`explorer: asset/${manifest.file}: HTTP ${r.status}`);
      return new Uint8Array(await r.arrayBuffer());
    }),
    startBackend(),
  ]);
  const digest = await sha256(bytes);
  if (digest !== manifest.sha256) throw new Error(`explorer: asset/${manifest.file} has sha256 ${digest}, but the manifest says ${manifest.sha256}; rebuild the asset`);
  const asset = readAsset(bytes, manifest.file);
  const model = createModel(asset.info.run.model, { ...asset.info.modelOptions });
  applyModelWeights(model, asset.weights, { source: `asset/${manifest.file}` });
  showRun(manifest, backend);
  const explorer = new Explorer(asset, model);
  explorer.clear();
  $('loading').hidden = true;
  $('app').hidden = false;
  explorer.mapView.draw();
  handle.backend = backend;
  handle.points = asset.info.points;
  handle.pointOnPage = (i) => explorer.mapView.toClient(i);
  handle.pick = (i) => explorer.pick(i);
  handle.timeDecodes = (i, n) => {
    const mu = asset.mu.subarray(i * asset.latentSize, (i + 1) * asset.latentSize);
    const t0 = performance.now();
    decodeRows(
      model,
      Array.from({ length: n }, () => mu),
      true,
      new PythonRandom(i),
    );
    return performance.now() - t0;
  };
  handle.interactiveMs = performance.now();
  handle.state = 'ready';
  status(`Ready: ${asset.info.points} points, loaded in ${((performance.now() - started) / 1000).toFixed(2)} s.`);
}

main().catch((error: unknown) => {
  handle.state = 'error';
  handle.error = (error as Error).message;
  $('loading').hidden = true;
  const box = $('error');
  box.hidden = false;
  box.textContent = `The explorer failed: ${(error as Error).message}`;
  console.error(error);
});
