import { describe, expect, it } from 'vitest';
import { VizError } from './errors.js';
import { renderSvg } from './render-svg.js';

describe('renderSvg', () => {
  it('renders a Vega-Lite spec headlessly, title and marks included', async () => {
    const svg = await renderSvg({
      title: 'Test figure',
      data: {
        values: [
          { a: 1, b: 2 },
          { a: 2, b: 5 },
          { a: 3, b: 4 },
        ],
      },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } },
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Test figure');
    expect(svg.match(/class="mark-symbol/g)).toHaveLength(1);
    expect(svg.match(/<path[^>]*transform="translate/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('rejects an invalid spec', async () => {
    await expect(renderSvg({ mark: 'nonsense' } as never)).rejects.toThrow(VizError);
  });
});
