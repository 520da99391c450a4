import { resolve } from 'node:path';
import { checkReproduction } from './check-report.js';

// `pnpm --filter reproduce-paper check DIR`: exit 1 with one line per problem if the run in DIR is not sound.
const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: check <reproduction output folder>\n');
  process.exit(2);
}
// pnpm runs package scripts in the package folder; the path is meant from where the user typed it.
checkReproduction(resolve(process.env['INIT_CWD'] ?? process.cwd(), dir)).then(
  (problems) => {
    for (const p of problems) process.stderr.write(`check: ${p}\n`);
    process.stderr.write(problems.length === 0 ? `check: ${dir} is a complete, well-formed reproduction\n` : `check: ${problems.length} problem(s)\n`);
    process.exitCode = problems.length === 0 ? 0 : 1;
  },
  (error: unknown) => {
    process.stderr.write(`check: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
