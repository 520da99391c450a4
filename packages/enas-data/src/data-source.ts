import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { homedir, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EnasDataError } from './errors.js';

/** The dataset's pinned download address (D-VAE repository at commit 3569a4a, MIT). */
export const ENAS_DATA_URL =
  'https://raw.githubusercontent.com/muhanzhang/D-VAE/3569a4a3bf5ecf8e12ae548e0d22e72062d29e26/data/final_structures6.txt';
/** sha256 of `final_structures6.txt`. */
export const ENAS_DATA_SHA256 = 'fea9a7dde1545e7d3bd58fd4b9c3db08a89c18e0351f770cde2fe530c4791725';
/** File name in the cache. */
export const ENAS_DATA_FILE = 'final_structures6.txt';

/** Options of {@link resolveEnasDataPath}. */
export interface DataSourceOptions {
  /** An explicit file path; used as given (not hash-checked: it may be a user's own file). */
  readonly path?: string;
  /** Environment to read `OPNAS_ENAS_DATA` and `OPNAS_CACHE_DIR` from. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Cache folder. Default `OPNAS_CACHE_DIR`, else the user's cache folder + `/opnas`. */
  readonly cacheDir?: string;
  /** Download address. Default {@link ENAS_DATA_URL}. */
  readonly url?: string;
  /** Expected sha256 of the download. Default {@link ENAS_DATA_SHA256}. */
  readonly sha256?: string;
  /** Allow downloading when nothing else is found. Default true. */
  readonly download?: boolean;
  /** Called with bytes received (and the total when the server sends it) during a download. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
}

/** Where the data file came from. */
export interface ResolvedDataSource {
  readonly path: string;
  readonly origin: 'path' | 'env' | 'cache' | 'download';
}

/** The user's cache folder for opnas, by platform convention. */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.OPNAS_CACHE_DIR) return resolve(env.OPNAS_CACHE_DIR);
  if (platform() === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'opnas');
  if (platform() === 'darwin') return join(homedir(), 'Library', 'Caches', 'opnas');
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'opnas');
}

/** sha256 of a file, hex. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Find the ENAS data file: an explicit path → env `OPNAS_ENAS_DATA` → the cache (hash-checked)
 * → a sha256-verified download into the cache. A path that does not exist is an error, not a
 * fallthrough, so a typo never silently downloads.
 */
export async function resolveEnasDataPath(options: DataSourceOptions = {}): Promise<ResolvedDataSource> {
  const env = options.env ?? process.env;
  if (options.path !== undefined) {
    const path = resolve(options.path);
    if (!(await exists(path))) throw new EnasDataError(`@opnas/enas-data: data file not found: ${path} (given as --data/path)`);
    return { path, origin: 'path' };
  }
  if (env.OPNAS_ENAS_DATA) {
    const path = resolve(env.OPNAS_ENAS_DATA);
    if (!(await exists(path))) throw new EnasDataError(`@opnas/enas-data: data file not found: ${path} (from OPNAS_ENAS_DATA)`);
    return { path, origin: 'env' };
  }
  const sha256 = options.sha256 ?? ENAS_DATA_SHA256;
  const cached = join(options.cacheDir ?? defaultCacheDir(env), ENAS_DATA_FILE);
  if ((await exists(cached)) && (await sha256File(cached)) === sha256) return { path: cached, origin: 'cache' };
  if (options.download === false) {
    throw new EnasDataError(
      `@opnas/enas-data: no data file: pass a path, set OPNAS_ENAS_DATA, or allow the download into ${dirname(cached)}`,
    );
  }
  await downloadVerified(options.url ?? ENAS_DATA_URL, cached, sha256, options.onProgress);
  return { path: cached, origin: 'download' };
}

/**
 * Download `url` to `target`, hashing while writing to a temporary file beside it; only a file
 * with the expected sha256 is renamed into place. On any failure nothing is left behind.
 */
export async function downloadVerified(
  url: string,
  target: string,
  sha256: string,
  onProgress?: (received: number, total: number | undefined) => void,
): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.part`;
  try {
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const detail = cause ? ` (${cause.code ?? cause.message})` : '';
      throw new EnasDataError(`@opnas/enas-data: download of ${url} failed: ${(error as Error).message}${detail}`);
    }
    if (!response.ok || response.body === null) {
      throw new EnasDataError(`@opnas/enas-data: download of ${url} failed: HTTP ${response.status} ${response.statusText}`);
    }
    const lengthHeader = response.headers.get('content-length');
    const total = lengthHeader === null ? undefined : Number(lengthHeader);
    const hash = createHash('sha256');
    let received = 0;
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      received += chunk.length;
      onProgress?.(received, total);
    });
    await pipeline(body, createWriteStream(temp));
    const actual = hash.digest('hex');
    if (actual !== sha256) {
      throw new EnasDataError(
        `@opnas/enas-data: download of ${url} has sha256 ${actual}, expected ${sha256}; the file was not cached`,
      );
    }
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
}
