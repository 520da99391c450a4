import { type EnasDataset, loadEnasDataset } from '@opnas/enas-data';
import type { CliIo } from './output.js';

/** What `--help` says about a command's `--data` default; the order is `resolveEnasDataPath`'s. */
export const DATA_DEFAULT_HELP = 'OPNAS_ENAS_DATA, the shared copy beside an opnas clone, the cache, or a verified download';

/**
 * Load the dataset for a command's `--data PATH` (`pathLabel` names where a path came from when
 * it was not `--data`), reporting a download on stderr. Without a path the lookup is
 * `resolveEnasDataPath`'s, the one every opnas entry point uses.
 */
export async function loadDataOption(io: CliIo, path: string | undefined, pathLabel = '--data'): Promise<EnasDataset> {
  let last = -1;
  return loadEnasDataset({
    ...(path === undefined ? {} : { path }),
    pathLabel,
    onProgress: (received, total) => {
      const percent = total ? Math.floor((100 * received) / total) : -1;
      if (percent !== last && (percent % 10 === 0 || percent < 0)) {
        last = percent;
        io.stderr(total ? `downloading ENAS data: ${percent}%\n` : `downloading ENAS data: ${received} bytes\n`);
      }
    },
  });
}
