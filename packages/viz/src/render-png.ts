import { Resvg } from '@resvg/resvg-js';
import { createRequire } from 'node:module';
import { FIGURE_FONT } from './figure.js';
import { VizError } from './errors.js';

/** Options of {@link renderPng}. */
export interface RenderPngOptions {
  /** Pixels per SVG unit (default 2, for sharp figures on paper and screens). */
  readonly scale?: number;
  /** Background colour (default white; `null` keeps transparency). */
  readonly background?: string | null;
  /** Extra font files (TTF/OTF) to load besides the bundled DejaVu Sans. */
  readonly fontFiles?: readonly string[];
}

const require = createRequire(import.meta.url);
let bundledFonts: string[] | undefined;

/**
 * DejaVu Sans from the `dejavu-fonts-ttf` package. We load it explicitly, and no system fonts,
 * so that text renders — identically — on machines without fonts (CI images, containers).
 */
function fonts(): string[] {
  bundledFonts ??= ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
  return bundledFonts;
}

/** Rasterise an SVG string to PNG bytes with resvg. */
export function renderPng(svg: string, options: RenderPngOptions = {}): Uint8Array {
  return rasterise(svg, options).asPng();
}

/** The resvg rendering behind {@link renderPng} (raw RGBA pixels available, for tests). */
export function rasterise(svg: string, options: RenderPngOptions = {}): { width: number; height: number; pixels: Buffer; asPng(): Buffer } {
  const scale = options.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new VizError(`@opnas/viz: renderPng: options.scale must be a positive number, got ${scale}`);
  const background = options.background === undefined ? 'white' : options.background;
  try {
    const resvg = new Resvg(svg, {
      font: {
        loadSystemFonts: false,
        fontFiles: [...fonts(), ...(options.fontFiles ?? [])],
        defaultFontFamily: FIGURE_FONT,
        sansSerifFamily: FIGURE_FONT,
        serifFamily: FIGURE_FONT,
        monospaceFamily: FIGURE_FONT,
      },
      fitTo: { mode: 'zoom', value: scale },
      ...(background === null ? {} : { background }),
    });
    return resvg.render();
  } catch (error) {
    throw new VizError(`@opnas/viz: renderPng: cannot render the SVG: ${(error as Error).message}`);
  }
}
