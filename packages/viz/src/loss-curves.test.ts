import { describe, expect, it } from 'vitest';
import { lossCurvesFigure, parseTrainingLog } from './loss-curves.js';
import { renderSvg } from './render-svg.js';

const log = [
  '{"model":"dvae","iteration":1,"epoch":1,"total":30,"recon":25,"kl":5,"lr":0.0001,"seconds":12}',
  '',
  '{"model":"dvae","iteration":1,"epoch":2,"total":20,"recon":16,"kl":4,"lr":0.0001,"seconds":12}',
  '{"model":"dvae-emb","iteration":2,"epoch":1,"total":9,"recon":7,"kl":2,"lr":0.0001,"seconds":12}',
  '{"model":"dvae-emb","iteration":1,"epoch":2,"total":12,"recon":10,"kl":2,"lr":0.0001,"seconds":12}',
  '{"model":"dvae-emb","iteration":1,"epoch":1,"total":19,"recon":15,"kl":4,"lr":0.0001,"seconds":12}',
  '{"model":"dvae-emb","iteration":1,"epoch":2,"total":11,"recon":9.5,"kl":1.5,"lr":0.0001,"seconds":12}',
].join('\n');

describe('parseTrainingLog', () => {
  it('reads JSON lines, skipping blank ones', () => {
    const records = parseTrainingLog(log, 'train.jsonl');
    expect(records).toHaveLength(6);
    expect(records[0]).toEqual({ model: 'dvae', iteration: 1, epoch: 1, recon: 25, kl: 5, total: 30, lr: 0.0001, seconds: 12 });
  });

  it('names the file, line and field of bad input', () => {
    expect(() => parseTrainingLog('{"model":"a","epoch":1,"recon":1,"kl":"x"}', 'run/log.jsonl')).toThrow(
      '@opnas/viz: run/log.jsonl line 1: field "kl" must be a finite number, got "x"',
    );
    expect(() => parseTrainingLog('\n{"model":"a","epoch":1.5,"recon":1,"kl":1}', 'f')).toThrow('f line 2: field "epoch" must be an integer, got 1.5');
    expect(() => parseTrainingLog('{oops', 'f')).toThrow('f line 1: not valid JSON');
    expect(() => parseTrainingLog('[1]', 'f')).toThrow('f line 1: expected a JSON object');
  });
});

describe('lossCurvesFigure', () => {
  it('orders each model by (iteration, epoch), counts epochs across iterations, and keeps the later of repeated epochs', () => {
    const figure = lossCurvesFigure(parseTrainingLog(log), { metric: 'recon' });
    expect(figure.name).toBe('losses-recon');
    expect(figure.data.filter((r) => r['model'] === 'dvae-emb').map((r) => [r['step'], r['iteration'], r['epoch'], r['recon']])).toEqual([
      [1, 1, 1, 15],
      [2, 1, 2, 9.5],
      [3, 2, 1, 7],
    ]);
  });

  it('renders one line per model with the metric in the title', async () => {
    const svg = await renderSvg(lossCurvesFigure(parseTrainingLog(log), { metric: 'kl' }).spec!);
    expect(svg).toContain('KL divergence per epoch');
    // Vega draws each colour series as its own line-mark group: two models, two lines.
    expect(svg.match(/class="mark-line/g)).toHaveLength(2);
    expect(svg).toContain('dvae-emb');
  });

  it('overlays iterations on one epoch axis when asked, one line per iteration', () => {
    const figure = lossCurvesFigure(parseTrainingLog(log), { metric: 'recon', iterations: 'overlay' });
    const rows = figure.data.map((r) => [r['model'], r['step'], r['recon']]);
    expect(rows).toEqual([
      ['dvae', 1, 25],
      ['dvae', 2, 16],
      ['dvae-emb (iteration 1)', 1, 15],
      ['dvae-emb (iteration 1)', 2, 9.5],
      ['dvae-emb (iteration 2)', 1, 7],
    ]);
    expect(() => lossCurvesFigure(parseTrainingLog(log), { iterations: 'stack' as 'overlay' })).toThrow("options.iterations must be 'concatenate' or 'overlay', got 'stack'");
  });

  it('keeps every overlaid line visible: its own dash, earlier iterations wider underneath, integer epoch ticks', async () => {
    // Iteration 2 retraces iteration 1 exactly (the worst case: identical values).
    const same = ['dvae', 'dvae-emb'].flatMap((model) =>
      [1, 2].flatMap((iteration) => [1, 2, 3].filter(() => model === 'dvae-emb' || iteration === 1).map((epoch) => ({ model, iteration, epoch, recon: 10 - epoch, kl: 1 }))),
    );
    const figure = lossCurvesFigure(same, { iterations: 'overlay' });
    const svg = await renderSvg(figure.spec!);
    const lines = [...svg.matchAll(/<path[^>]*aria-roledescription="line mark"[^>]*>/g)].map((m) => m[0]);
    expect(lines).toHaveLength(3);
    const dashes = lines.map((l) => /stroke-dasharray="([^"]*)"/.exec(l)?.[1] ?? 'solid');
    expect(new Set(dashes).size).toBe(3);
    const widths = lines.map((l) => Number(/stroke-width="([^"]*)"/.exec(l)?.[1]));
    // Drawn in series order: dvae, dvae-emb (iteration 1), dvae-emb (iteration 2), the wider first.
    expect(widths[1]).toBeGreaterThan(widths[2]!);
    // Epoch axis: whole numbers only.
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(labels).toEqual(expect.arrayContaining(['1', '2', '3']));
    expect(labels.some((t) => /^\d+\.\d+$/.test(t) && Number(t) < 4 && !Number.isInteger(Number(t)))).toBe(false);
  });

  it('rejects an empty log', () => {
    expect(() => lossCurvesFigure([])).toThrow('@opnas/viz: lossCurvesFigure: records is empty');
  });
});
