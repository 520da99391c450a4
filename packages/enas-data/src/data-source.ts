import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { homedir, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EnasDataError } from './errors.js';

/** The dataset's pinned download address (D-VAE repository at commit 3569a4a, MIT). */
export const ENAS_DATA_URL = 'https://raw.githubusercontent.com/muhanzhang/D-VAE/3569a4a3bf5ecf8e12ae548e0d22e72062d29e26/data/final_structures6.txt';
/** sha256 of `final_structures6.txt`. */
export const ENAS_DATA_SHA256 = 'fea9a7dde1545e7d3bd58fd4b9c3db08a89c18e0351f770cde2fe530c4791725';
/** File name in the cache. */
export const ENAS_DATA_FILE = 'final_structures6.txt';

/** Options of {@link resolveEnasDataPath}. */
export interface DataSourceOptions {
  /** An explicit file path; used as given (not hash-checked: it may be a user's own file). */
  readonly path?: string;
  /**
   * How the caller's user gives {@link path}, for messages: `'--data'` for a command line.
   * Default `'the path option'`.
   */
  readonly pathLabel?: string;
  /**
   * The opnas repository's shared copy (`../shared/data/enas/final_structures6.txt` beside a
   * clone of the repository), tried after the environment: a file path, or `false` to skip it.
   * Default: found by {@link findRepositoryDataCopy} from the working folder and from this
   * package's own location; never found outside a clone of opnas.
   */
  readonly repositoryCopy?: string | false;
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
  readonly origin: 'path' | 'env' | 'repository' | 'cache' | 'download';
}

/** The order in which {@link resolveEnasDataPath} looks, for documentation and messages. */
export const ENAS_DATA_SEARCH_ORDER = ['path', 'env', 'repository', 'cache', 'download'] as const;

// The CJS build has __filename (its import.meta is empty); the ESM build and the sources have import.meta.url.
const moduleDir = (): string | undefined => {
  try {
    return typeof __filename === 'string' ? dirname(__filename) : dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
};

/** The root of the opnas repository at or above `dir` (its package.json is `opnas-monorepo`), if any. */
async function findRepositoryRoot(dir: string): Promise<string | undefined> {
  for (let at = resolve(dir); ; at = dirname(at)) {
    try {
      const pkg = JSON.parse(await readFile(join(at, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'opnas-monorepo') return at;
    } catch {
      // no (readable) package.json here: keep walking up
    }
    if (dirname(at) === at) return undefined;
  }
}

/**
 * The shared data copy of an opnas clone, `<repository>/../shared/data/enas/final_structures6.txt`,
 * looked for above each of `from` (default: the working folder and this module's folder). Returns
 * where it would be (the first repository found) and whether it is there; `undefined` outside a clone.
 */
export async function findRepositoryDataCopy(
  from: readonly string[] = [process.cwd(), ...(moduleDir() === undefined ? [] : [moduleDir()!])],
): Promise<{ readonly path: string; readonly present: boolean } | undefined> {
  let first: string | undefined;
  for (const dir of from) {
    const root = await findRepositoryRoot(dir);
    if (root === undefined) continue;
    const path = resolve(root, '..', 'shared', 'data', 'enas', ENAS_DATA_FILE);
    if (await exists(path)) return { path, present: true };
    first ??= path;
  }
  return first === undefined ? undefined : { path: first, present: false };
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
 * Find the ENAS data file, in the one order every opnas entry point uses (the CLI, the
 * reproduction and the tests): an explicit path (`--data`) → env `OPNAS_ENAS_DATA` → the opnas
 * repository's shared copy when run from a clone → the cache (hash-checked) → a sha256-verified
 * download into the cache. A path or variable that names a missing file is an error, not a
 * fallthrough, so a typo never silently downloads. When everything fails, the error says where
 * it looked and what to do instead.
 */
export async function resolveEnasDataPath(options: DataSourceOptions = {}): Promise<ResolvedDataSource> {
  const env = options.env ?? process.env;
  const label = options.pathLabel ?? 'the path option';
  if (options.path !== undefined) {
    const path = resolve(options.path);
    if (!(await exists(path))) throw new EnasDataError(`@opnas/enas-data: data file not found: ${path} (given as ${label})`);
    return { path, origin: 'path' };
  }
  if (env.OPNAS_ENAS_DATA) {
    const path = resolve(env.OPNAS_ENAS_DATA);
    if (!(await exists(path))) throw new EnasDataError(`@opnas/enas-data: data file not found: ${path} (from OPNAS_ENAS_DATA)`);
    return { path, origin: 'env' };
  }
  const looked = [`${label} (not given)`, 'OPNAS_ENAS_DATA (not set)'];
  if (options.repositoryCopy !== false) {
    const copy =
      options.repositoryCopy === undefined ? await findRepositoryDataCopy() : { path: resolve(options.repositoryCopy), present: await exists(resolve(options.repositoryCopy)) };
    if (copy?.present) return { path: copy.path, origin: 'repository' };
    if (copy) looked.push(`the repository copy ${copy.path} (absent)`);
  }
  const sha256 = options.sha256 ?? ENAS_DATA_SHA256;
  const cached = join(options.cacheDir ?? defaultCacheDir(env), ENAS_DATA_FILE);
  const cachedPresent = await exists(cached);
  if (cachedPresent && (await sha256File(cached)) === sha256) return { path: cached, origin: 'cache' };
  looked.push(`the cache ${cached} (${cachedPresent ? 'wrong sha256' : 'absent'})`);
  const advice =
    `pass ${options.pathLabel === undefined ? 'a path' : `${options.pathLabel} PATH`}, set OPNAS_ENAS_DATA=PATH, ` +
    `or put ${ENAS_DATA_FILE} (sha256 ${sha256.slice(0, 12)}…, from ${options.url ?? ENAS_DATA_URL}) into ${dirname(cached)}`;
  if (options.download === false) {
    throw new EnasDataError(`@opnas/enas-data: no data file; looked at ${looked.join(', ')}, and the download is off: ${advice}`);
  }
  try {
    await downloadVerified(options.url ?? ENAS_DATA_URL, cached, sha256, options.onProgress);
  } catch (error) {
    if (!(error instanceof EnasDataError)) throw error;
    throw new EnasDataError(`${error.message}; looked at ${looked.join(', ')} before downloading. Instead: ${advice}`, { cause: error });
  }
  return { path: cached, origin: 'download' };
}

/**
 * Download `url` to `target`, hashing while writing to a temporary file beside it; only a file
 * with the expected sha256 is renamed into place. On any failure nothing is left behind.
 */
export async function downloadVerified(url: string, target: string, sha256: string, onProgress?: (received: number, total: number | undefined) => void): Promise<void> {
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
      throw new EnasDataError(`@opnas/enas-data: download of ${url} has sha256 ${actual}, expected ${sha256}; the file was not cached`);
    }
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
}
