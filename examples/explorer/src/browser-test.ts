import { mkdir } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { chromium } from 'playwright-core';
import { DEFAULT_PAGE_DIR, PACKAGE_DIR } from './paths.js';
import { serveStatic } from './static-server.js';

// The explorer in a real browser: the system Chromium (Debian's `chromium`), driven by
// playwright-core (which downloads no browser), against the built page on a local server.
const o = new Command('explorer:test')
  .description('open the built explorer page in headless Chromium, click through it, save screenshots')
  .option('--page <dir>', 'built page folder', DEFAULT_PAGE_DIR)
  .option('--chromium <path>', 'Chromium executable', process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium')
  .option('--screenshots <dir>', 'where the screenshots go', join(PACKAGE_DIR, 'screenshots-tmp'))
  .option('--timeout <s>', 'longest wait for the page to become interactive', '90')
  .option('--expect <state>', "'ready', or 'no-asset' to check the page of a site built without an asset", 'ready')
  .parse()
  .opts<{ page: string; chromium: string; screenshots: string; timeout: string; expect: string }>();

const problems: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) problems.push(what);
  process.stderr.write(`explorer:test: ${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
};

interface Handle {
  state: string;
  interactiveMs?: number;
  lastDecodeMs?: number;
  backend?: string;
  points?: number;
  error?: string;
  pointOnPage: (i: number) => { x: number; y: number };
  timeDecodes: (i: number, n: number) => number;
}
declare const window: { explorer: Handle; innerWidth: number };
declare const document: { querySelectorAll: (s: string) => ArrayLike<{ naturalWidth: number }>; getElementById: (id: string) => { textContent: string | null } | null };

await mkdir(o.screenshots, { recursive: true });
const { url, server } = await serveStatic(o.page);
const browser = await chromium.launch({
  executablePath: o.chromium,
  headless: true,
  args: ['--no-sandbox', '--headless=new', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  await page.goto(`${url}index.html`);
  await page.waitForFunction(() => ['ready', 'no-asset', 'error'].includes(window.explorer?.state), undefined, { timeout: Number(o.timeout) * 1000 });
  const first = await page.evaluate(() => ({ ...window.explorer }));
  check(first.state === o.expect, `page state ${first.state}${first.error ? ` (${first.error})` : ''}, expected ${o.expect}`);
  if (first.state === 'no-asset') {
    const text = await page.evaluate(() => document.getElementById('no-asset')?.textContent ?? '');
    check(text.includes('pnpm explorer:asset --run'), 'the page says how to build an asset');
    await page.screenshot({ path: join(o.screenshots, 'explorer-no-asset.png') });
  }
  if (first.state === 'ready') {
    const points = first.points!;
    process.stdout.write(`time to interactive: ${first.interactiveMs!.toFixed(0)} ms from navigation (${first.backend}, ${points} points)\n`);
    await page.screenshot({ path: join(o.screenshots, 'explorer-map.png') });

    // A: the point nearest the map's centre third; B: one far from it.
    const a = Math.floor(points / 3);
    const b = Math.floor((2 * points) / 3);
    const at = await page.evaluate((i) => window.explorer.pointOnPage(i), a);
    await page.mouse.move(at.x, at.y);
    await page.waitForSelector('#tooltip:not([hidden]) img.dag', { timeout: 5000 });
    check(true, 'hover shows a tooltip with the architecture');
    await page.screenshot({ path: join(o.screenshots, 'explorer-hover.png'), clip: { x: 0, y: 0, width: 1280, height: 760 } });
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector('#decode-summary', { timeout: 20_000 });
    await page.mouse.move(5, 5);
    await page.screenshot({ path: join(o.screenshots, 'explorer-point.png'), clip: { x: 0, y: 0, width: 1280, height: 900 } });
    const drawn = await page.evaluate(() => Array.from(document.querySelectorAll('#point img.dag')).filter((img) => img.naturalWidth > 0).length);
    check(drawn >= 3, `point A: ${drawn} architecture drawings (dataset, argmax decode, most frequent decode)`);
    const summary = await page.evaluate(() => document.getElementById('decode-summary')?.textContent ?? '');
    check(/10 stochastic decodes of μ in [\d.]+ ms: \d+ of 10 identical/.test(summary), `decode summary: "${summary}"`);

    const clicked = await page.evaluate(() => window.explorer.lastDecodeMs);
    const times: number[] = [];
    for (let k = 0; k < 7; k++) times.push(await page.evaluate(([i, n]) => window.explorer.timeDecodes(i!, n!), [a, 10]));
    times.sort((x, y) => x - y);
    process.stdout.write(
      `decode 10 samples: median ${times[3]!.toFixed(1)} ms over 7 runs (min ${times[0]!.toFixed(1)}, max ${times[6]!.toFixed(1)}; the first, on the click: ${clicked?.toFixed(1) ?? 'n/a'} ms)\n`,
    );

    const bt = await page.evaluate((i) => window.explorer.pointOnPage(i), b);
    await page.mouse.click(bt.x, bt.y);
    await page.waitForSelector('#interpolation-summary', { timeout: 20_000 });
    await page.mouse.move(5, 5);
    const steps = await page.evaluate(() => Array.from(document.querySelectorAll('#interpolation li.step img.dag')).filter((img) => img.naturalWidth > 0).length);
    check(steps === 9, `interpolation: ${steps} steps decoded and drawn (8 steps, both ends)`);
    const chart = await page.evaluate(() => document.querySelectorAll('#interpolation img.chart').length);
    process.stderr.write(`explorer:test: ${chart === 1 ? 'the sparse GP chart is drawn' : 'no sparse GP in this asset'}\n`);
    await page.screenshot({ path: join(o.screenshots, 'explorer-full-page.png'), fullPage: true });
    const walk = await page.$('section:has(#interpolation)');
    if (walk !== null) await walk.screenshot({ path: join(o.screenshots, 'explorer-interpolation.png') });
    const embedding = await page.$('#embedding');
    if (embedding !== null) await embedding.screenshot({ path: join(o.screenshots, 'explorer-embedding.png') });

    // Keyboard only: focus the map, zoom in, press Enter to pick the point nearest the middle.
    await page.focus('#map');
    await page.keyboard.press('+');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('interpolation')?.textContent?.includes('Pick a second point') ?? false, undefined, { timeout: 10_000 });
    check(true, 'the keyboard picks a point (Enter on the focused map)');
  }
  if (first.state === 'ready') {
    // WebGPU, on SwiftShader (a CPU Vulkan) unless the machine has a GPU; the page falls back to
    // wasm, and says so, when the browser has no adapter. Best effort: SwiftShader's WebGPU under
    // load has failed buffer allocations, so problems here are printed, not failures.
    const gpuErrors: string[] = [];
    const gpu = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    gpu.on('console', (message) => {
      if (message.type() === 'error') gpuErrors.push(message.text());
    });
    gpu.on('pageerror', (error) => gpuErrors.push(error.message));
    try {
      await gpu.goto(`${url}index.html?backend=webgpu`);
      await gpu.waitForFunction(() => ['ready', 'error'].includes(window.explorer?.state), undefined, { timeout: Number(o.timeout) * 1000 });
      const g = await gpu.evaluate(() => ({ ...window.explorer }));
      if (g.state !== 'ready') throw new Error(`page state ${g.state}: ${g.error}`);
      const p = await gpu.evaluate(() => window.explorer.pointOnPage(0));
      await gpu.mouse.click(p.x, p.y);
      await gpu.waitForSelector('#decode-summary', { timeout: 60_000 });
      const times: number[] = [];
      for (let k = 0; k < 3; k++) times.push(await gpu.evaluate(() => window.explorer.timeDecodes(0, 10)));
      times.sort((x, y) => x - y);
      process.stdout.write(
        `?backend=webgpu ran on ${g.backend}: time to interactive ${g.interactiveMs!.toFixed(0)} ms; decode 10 samples: median ${times[1]!.toFixed(1)} ms over 3 runs\n`,
      );
    } catch (error) {
      gpuErrors.push((error as Error).message.split('\n')[0]!);
    }
    if (gpuErrors.length > 0) process.stdout.write(`?backend=webgpu (best effort) had problems:\n  ${gpuErrors.join('\n  ')}\n`);
  }
  check(errors.length === 0, `no console errors${errors.length ? `:\n  ${errors.join('\n  ')}` : ''}`);
  process.stdout.write(
    `screenshots in ${o.screenshots}; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${cpus().length} cores\n`,
  );
} finally {
  await browser.close();
  server.close();
}
if (problems.length > 0) {
  process.stderr.write(`explorer:test: ${problems.length} check(s) failed\n`);
  process.exitCode = 1;
}
