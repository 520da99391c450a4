import { fileURLToPath } from 'node:url';

/** examples/explorer/ */
export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
/** Where `pnpm explorer:asset` writes and the page build looks (gitignored: never committed). */
export const DEFAULT_ASSET_DIR = fileURLToPath(new URL('../asset/', import.meta.url));
/** Where the page goes in the docs site. */
export const DEFAULT_PAGE_DIR = fileURLToPath(new URL('../../../docs/site/explorer/', import.meta.url));
