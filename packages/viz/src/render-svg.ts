import type { TopLevelSpec } from 'vega-lite';
import { VizError } from './errors.js';

/**
 * Render a Vega-Lite spec to an SVG string in Node: compile to Vega, run a headless View
 * (`renderer: 'none'`) and serialise with `toSVG`. No canvas or browser is needed; text widths
 * are Vega's estimates. vega and vega-lite are loaded with `import()` because vega is an ES
 * module with top-level await, which the CommonJS build could not `require`.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  let view: InstanceType<typeof View>;
  try {
    // Vega tags the data objects it ingests; a clone leaves the caller's rows untouched.
    view = new View(parse(compile(structuredClone(spec)).spec), { renderer: 'none' });
  } catch (error) {
    throw new VizError(`@opnas/viz: renderSvg: invalid Vega-Lite spec: ${(error as Error).message}`);
  }
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
