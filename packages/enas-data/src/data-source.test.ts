import { createHash } from 'node:crypto';
import { access, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENAS_DATA_FILE, ENAS_DATA_SHA256, findRepositoryDataCopy, resolveEnasDataPath } from './data-source.js';
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
// These tests run inside the opnas clone, whose shared copy would win over the cache and download.
const repositoryCopy = false;

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
    const first = await resolveEnasDataPath({ env, repositoryCopy, cacheDir, url: `${base}/good`, onProgress: (r, t) => seen.push([r, t]) });
    expect(first).toEqual({ path: join(cacheDir, ENAS_DATA_FILE), origin: 'download' });
    expect(
      createHash('sha256')
        .update(await readFile(first.path))
        .digest('hex'),
    ).toBe(ENAS_DATA_SHA256);
    expect(seen.at(-1)).toEqual([good.length, good.length]);
    const second = await resolveEnasDataPath({ env, repositoryCopy, cacheDir, url: `${base}/good` });
    expect(second.origin).toBe('cache');
    expect(requests).toBe(1);
    expect(await readdir(cacheDir)).toEqual([ENAS_DATA_FILE]);
  });

  it('refuses a corrupted download and caches nothing', async () => {
    const attempt = resolveEnasDataPath({ env, repositoryCopy, cacheDir, url: `${base}/corrupt` });
    await expect(attempt).rejects.toThrow(EnasDataError);
    await expect(resolveEnasDataPath({ env, repositoryCopy, cacheDir, url: `${base}/corrupt` })).rejects.toThrow(
      new RegExp(`has sha256 [0-9a-f]{64}, expected ${ENAS_DATA_SHA256}; the file was not cached`),
    );
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('reports an HTTP error and caches nothing', async () => {
    await expect(resolveEnasDataPath({ env, repositoryCopy, cacheDir, url: `${base}/missing` })).rejects.toThrow(/failed: HTTP 500 Internal Server Error/);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('reports an unreachable host', async () => {
    await expect(resolveEnasDataPath({ env, repositoryCopy, cacheDir, url: 'http://127.0.0.1:1/none' })).rejects.toThrow(/download of .* failed/);
  });

  it('replaces a cached file whose hash is wrong', async () => {
    await writeFile(join(cacheDir, ENAS_DATA_FILE), 'tampered');
    const resolved = await resolveEnasDataPath({ env, repositoryCopy, cacheDir, url: `${base}/good` });
    expect(resolved.origin).toBe('download');
    expect((await readFile(resolved.path)).equals(good)).toBe(true);
  });

  it('prefers an explicit path, then OPNAS_ENAS_DATA, and never falls through from a missing one', async () => {
    expect(await resolveEnasDataPath({ path: ENAS_DATA_PATH, env: { OPNAS_ENAS_DATA: '/nope' } })).toEqual({ path: ENAS_DATA_PATH, origin: 'path' });
    expect(await resolveEnasDataPath({ env: { OPNAS_ENAS_DATA: ENAS_DATA_PATH } })).toEqual({ path: ENAS_DATA_PATH, origin: 'env' });
    await expect(resolveEnasDataPath({ path: '/no/such/file.txt' })).rejects.toThrow(/data file not found: \/no\/such\/file\.txt \(given as the path option\)/);
    await expect(resolveEnasDataPath({ path: '/no/such/file.txt', pathLabel: '--data' })).rejects.toThrow(/\/no\/such\/file\.txt \(given as --data\)$/);
    await expect(resolveEnasDataPath({ env: { OPNAS_ENAS_DATA: '/no/such' } })).rejects.toThrow(/from OPNAS_ENAS_DATA/);
    await expect(resolveEnasDataPath({ env, repositoryCopy, cacheDir, download: false })).rejects.toThrow(/no data file; .*download is off: pass a path, set OPNAS_ENAS_DATA=PATH/);
    expect(requests).toBe(0);
  });

  it('uses OPNAS_CACHE_DIR from the environment', async () => {
    const resolved = await resolveEnasDataPath({ env: { OPNAS_CACHE_DIR: cacheDir }, repositoryCopy, url: `${base}/good` });
    expect(resolved.path).toBe(join(cacheDir, ENAS_DATA_FILE));
  });

  it('uses the repository copy after OPNAS_ENAS_DATA and before the cache', async () => {
    // The cache holds a valid file too; the repository copy still wins, and nothing is downloaded.
    await writeFile(join(cacheDir, ENAS_DATA_FILE), good);
    expect(await resolveEnasDataPath({ env, cacheDir, repositoryCopy: ENAS_DATA_PATH, url: `${base}/good` })).toEqual({ path: ENAS_DATA_PATH, origin: 'repository' });
    expect(await resolveEnasDataPath({ env: { OPNAS_ENAS_DATA: ENAS_DATA_PATH }, cacheDir, repositoryCopy: '/no/such' })).toEqual({ path: ENAS_DATA_PATH, origin: 'env' });
    // An absent repository copy falls through to the cache (it is a convenience, not a user's choice).
    expect(await resolveEnasDataPath({ env, cacheDir, repositoryCopy: '/no/such/copy.txt', url: `${base}/good` })).toEqual({
      path: join(cacheDir, ENAS_DATA_FILE),
      origin: 'cache',
    });
    expect(requests).toBe(0);
  });

  it('finds the shared copy of this clone by default, from the working folder or the package', async () => {
    const copy = await findRepositoryDataCopy();
    const expected = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/data/enas', ENAS_DATA_FILE);
    expect(copy?.path).toBe(expected);
    expect(copy?.present).toBe(
      await access(expected).then(
        () => true,
        () => false,
      ),
    );
    // Outside any clone there is none: neither from a temporary folder…
    expect(await findRepositoryDataCopy([cacheDir])).toBeUndefined();
    // With the defaults, the clone's copy is used when present, and named in the error when absent.
    const found = resolveEnasDataPath({ env, cacheDir, download: false });
    if (copy?.present) expect(await found).toEqual({ path: expected, origin: 'repository' });
    else await expect(found).rejects.toThrow(`the repository copy ${expected} (absent)`);
  });

  it('names where it looked and what to do when the download fails', async () => {
    const attempt = resolveEnasDataPath({ env, cacheDir, repositoryCopy: '/no/such/copy.txt', pathLabel: '--data', url: 'http://127.0.0.1:1/none' });
    const message = await attempt.then(
      () => '',
      (e: Error) => e.message,
    );
    expect(message).toMatch(/^@opnas\/enas-data: download of http:\/\/127\.0\.0\.1:1\/none failed: fetch failed/);
    expect(message).toContain('looked at --data (not given), OPNAS_ENAS_DATA (not set), the repository copy /no/such/copy.txt (absent), ');
    expect(message).toContain(`the cache ${join(cacheDir, ENAS_DATA_FILE)} (absent) before downloading`);
    expect(message).toContain(`Instead: pass --data PATH, set OPNAS_ENAS_DATA=PATH, or put ${ENAS_DATA_FILE} (sha256 ${ENAS_DATA_SHA256.slice(0, 12)}…`);
    expect(message).toContain(`into ${cacheDir}`);
    expect(message).not.toContain('given as');
  });

  it('says the cached file has the wrong hash when the download fails after it', async () => {
    await writeFile(join(cacheDir, ENAS_DATA_FILE), 'tampered');
    await expect(resolveEnasDataPath({ env, repositoryCopy, cacheDir, url: `${base}/missing` })).rejects.toThrow(/\(wrong sha256\) before downloading/);
  });
});
