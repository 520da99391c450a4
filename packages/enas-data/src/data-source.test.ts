import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENAS_DATA_FILE, ENAS_DATA_SHA256, resolveEnasDataPath } from './data-source.js';
import { EnasDataError } from './errors.js';
import { ENAS_DATA_PATH } from './test-data.test-util.js';

// A loopback HTTP server stands in for the download host: it serves the real file, a corrupted
// copy, and an error, and counts requests.
let server: Server;
let base: string;
let requests = 0;
let good: Buffer;
let cacheDir: string;
const env = {}; // no OPNAS_ENAS_DATA / OPNAS_CACHE_DIR from the outer environment

beforeAll(async () => {
  good = await readFile(ENAS_DATA_PATH);
  server = createServer((req, res) => {
    requests++;
    if (req.url === '/good') {
      res.writeHead(200, { 'content-length': String(good.length) });
      res.end(good);
    } else if (req.url === '/corrupt') {
      const bad = Buffer.from(good);
      bad[12345] = bad[12345]! ^ 1;
      res.end(bad);
    } else {
      res.writeHead(500, 'Internal Server Error');
      res.end('boom');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'opnas-cache-'));
  requests = 0;
  return () => rm(cacheDir, { recursive: true, force: true });
});

describe('resolveEnasDataPath', () => {
  it('downloads, verifies the sha256 and caches; the next call hits the cache', async () => {
    const seen: [number, number | undefined][] = [];
    const first = await resolveEnasDataPath({ env, cacheDir, url: `${base}/good`, onProgress: (r, t) => seen.push([r, t]) });
    expect(first).toEqual({ path: join(cacheDir, ENAS_DATA_FILE), origin: 'download' });
    expect(createHash('sha256').update(await readFile(first.path)).digest('hex')).toBe(ENAS_DATA_SHA256);
    expect(seen.at(-1)).toEqual([good.length, good.length]);
    const second = await resolveEnasDataPath({ env, cacheDir, url: `${base}/good` });
    expect(second.origin).toBe('cache');
    expect(requests).toBe(1);
    expect(await readdir(cacheDir)).toEqual([ENAS_DATA_FILE]);
  });

  it('refuses a corrupted download and caches nothing', async () => {
    const attempt = resolveEnasDataPath({ env, cacheDir, url: `${base}/corrupt` });
    await expect(attempt).rejects.toThrow(EnasDataError);
    await expect(resolveEnasDataPath({ env, cacheDir, url: `${base}/corrupt` })).rejects.toThrow(
      new RegExp(`has sha256 [0-9a-f]{64}, expected ${ENAS_DATA_SHA256}; the file was not cached`),
    );
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('reports an HTTP error and caches nothing', async () => {
    await expect(resolveEnasDataPath({ env, cacheDir, url: `${base}/missing` })).rejects.toThrow(/failed: HTTP 500 Internal Server Error/);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('reports an unreachable host', async () => {
    await expect(resolveEnasDataPath({ env, cacheDir, url: 'http://127.0.0.1:1/none' })).rejects.toThrow(/download of .* failed/);
  });

  it('replaces a cached file whose hash is wrong', async () => {
    await writeFile(join(cacheDir, ENAS_DATA_FILE), 'tampered');
    const resolved = await resolveEnasDataPath({ env, cacheDir, url: `${base}/good` });
    expect(resolved.origin).toBe('download');
    expect((await readFile(resolved.path)).equals(good)).toBe(true);
  });

  it('prefers an explicit path, then OPNAS_ENAS_DATA, and never falls through from a missing one', async () => {
    expect(await resolveEnasDataPath({ path: ENAS_DATA_PATH, env: { OPNAS_ENAS_DATA: '/nope' } })).toEqual({ path: ENAS_DATA_PATH, origin: 'path' });
    expect(await resolveEnasDataPath({ env: { OPNAS_ENAS_DATA: ENAS_DATA_PATH } })).toEqual({ path: ENAS_DATA_PATH, origin: 'env' });
    await expect(resolveEnasDataPath({ path: '/no/such/file.txt' })).rejects.toThrow(/data file not found: \/no\/such\/file\.txt \(given as --data\/path\)/);
    await expect(resolveEnasDataPath({ env: { OPNAS_ENAS_DATA: '/no/such' } })).rejects.toThrow(/from OPNAS_ENAS_DATA/);
    await expect(resolveEnasDataPath({ env, cacheDir, download: false })).rejects.toThrow(/no data file: pass a path, set OPNAS_ENAS_DATA/);
    expect(requests).toBe(0);
  });

  it('uses OPNAS_CACHE_DIR from the environment', async () => {
    const resolved = await resolveEnasDataPath({ env: { OPNAS_CACHE_DIR: cacheDir }, url: `${base}/good` });
    expect(resolved.path).toBe(join(cacheDir, ENAS_DATA_FILE));
  });
});
