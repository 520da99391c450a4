import { describe, expect, it } from 'vitest';
import { VizError } from './errors.js';
import { rasterise, renderPng } from './render-png.js';

const dark = (pixels: Buffer) => {
  let count = 0;
  for (let k = 0; k < pixels.length; k += 4) if (pixels[k]! < 128 && pixels[k + 3]! > 0) count++;
  return count;
};
const textSvg = (text: string, family = 'sans-serif') =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="10" y="28" font-family="${family}" font-size="20" fill="black">${text}</text></svg>`;

describe('renderPng', () => {
  it('writes a PNG at twice the SVG size by default', () => {
    const png = renderPng(textSvg('r = 0.32'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const image = rasterise(textSvg('x'));
    expect([image.width, image.height]).toEqual([400, 80]);
  });

  it('draws text with the bundled font, whatever family the SVG asks for', () => {
    expect(dark(rasterise(textSvg('')).pixels)).toBe(0);
    for (const family of ['sans-serif', 'DejaVu Sans', 'Helvetica, Arial, sans-serif', 'NoSuchFont']) {
      expect(dark(rasterise(textSvg('Average path length', family)).pixels)).toBeGreaterThan(500);
    }
  });

  it('rejects a bad scale and unparsable SVG with named errors', () => {
    expect(() => renderPng(textSvg('x'), { scale: 0 })).toThrow('@opnas/viz: renderPng: options.scale must be a positive number, got 0');
    expect(() => renderPng('<svg')).toThrow(VizError);
  });
});
