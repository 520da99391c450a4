import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { VizError } from './errors.js';
import type { Figure } from './figure.js';
import { renderPng, type RenderPngOptions } from './render-png.js';
import { renderSvg } from './render-svg.js';
import { toCsv } from './to-csv.js';

/** Options of {@link writeFigure}. */
export interface WriteFigureOptions {
  /** Also rasterise to PNG (default true). */
  readonly png?: boolean;
  /** Passed to {@link renderPng}. */
  readonly pngOptions?: RenderPngOptions;
}

/** The files {@link writeFigure} wrote. */
export interface FigureFiles {
  readonly svg: string;
  readonly png?: string;
  readonly csv: string;
  readonly json: string;
  /** The Vega-Lite spec (with its data inlined), for figures that have one. */
  readonly spec?: string;
}

/**
 * Write a figure to `dir` as SVG, PNG, its data as CSV and JSON, and its Vega-Lite spec — each
 * file atomically (temporary file + rename), so an interrupted run never leaves a torn figure.
 */
export async function writeFigure(figure: Figure, dir: string, options: WriteFigureOptions = {}): Promise<FigureFiles> {
  if (!/^[\w.-]+$/.test(figure.name)) throw new VizError(`@opnas/viz: writeFigure: figure.name "${figure.name}" must use only letters, digits, "-", "_" and "."`);
  if (figure.spec === undefined && figure.svg === undefined) throw new VizError(`@opnas/viz: writeFigure: figure "${figure.name}" has neither a spec nor an svg`);
  const svg = figure.svg ?? (await renderSvg(figure.spec!));
  await mkdir(dir, { recursive: true });
  const path = (ext: string) => join(dir, `${figure.name}.${ext}`);
  const files: { -readonly [K in keyof FigureFiles]: FigureFiles[K] } = { svg: path('svg'), csv: path('csv'), json: path('json') };
  await writeFileAtomic(files.svg, svg);
  if (options.png ?? true) {
    files.png = path('png');
    await writeFileAtomic(files.png, Buffer.from(renderPng(svg, options.pngOptions)));
  }
  await writeFileAtomic(files.csv, toCsv(figure.data));
  await writeFileAtomic(files.json, `${JSON.stringify(figure.data)}\n`);
  if (figure.spec !== undefined) {
    files.spec = path('vl.json');
    await writeFileAtomic(files.spec, `${JSON.stringify(figure.spec, null, 2)}\n`);
  }
  return files;
}
