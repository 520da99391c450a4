import { type EnasDataset, loadEnasDataset } from '@opnas/enas-data';
import type { CliIo } from './output.js';

/** Load the dataset for a command's `--data PATH`, reporting a download on stderr. */
export async function loadDataOption(io: CliIo, path: string | undefined): Promise<EnasDataset> {
  let last = -1;
  return loadEnasDataset({
    ...(path === undefined ? {} : { path }),
    onProgress: (received, total) => {
      const percent = total ? Math.floor((100 * received) / total) : -1;
      if (percent !== last && (percent % 10 === 0 || percent < 0)) {
        last = percent;
        io.stderr(total ? `downloading ENAS data: ${percent}%\n` : `downloading ENAS data: ${received} bytes\n`);
      }
    },
  });
}
