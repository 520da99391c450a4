import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { checkEnasValidity, DagError, enasFlatToDag, toDot, toSvg } from '@opnas/dag';
import type { Dag, SearchSpace } from '@opnas/dag';
import { searchSpace } from '@opnas/spaces';
import type { Command } from 'commander';
import { CliError, type CliIo, emit } from '../output.js';
import { oneOf } from '../parse-options.js';
import { SPACE_NAMES, type SpaceName } from '../space-dataset.js';

/** An architecture in the notation of `space` (ENAS-6: the flat string), or a `CliError` saying where it is wrong. */
const parseArchitecture = (space: SearchSpace, notation: string): Dag => {
  try {
    return space.name === 'enas6' ? enasFlatToDag(notation) : space.parse(notation);
  } catch (error) {
    if (error instanceof DagError) throw new CliError(error.message.replace(/^@opnas\/[a-z-]+: /, ''));
    throw error;
  }
};

const SPACE_HELP = 'search space of the architecture: enas6 (flat 21-integer string) | nb101 | nb201 (arch string |op~0|+|op~0|op~1|+…|); default enas6';

/**
 * Write a file via a temporary sibling and a rename, so readers never see half of it. A failure
 * names the path the user gave, not the temporary one, and leaves nothing behind.
 */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `no folder ${dirname(resolve(path))}`
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : (code ?? (error as Error).message);
    throw new CliError(`dag draw: cannot write ${path}: ${why}`);
  }
}

/** `opnas dag draw` and `opnas dag check`. */
export function registerDagCommand(program: Command, io: CliIo): void {
  const dag = program.command('dag').description('architectures as DAGs: draw and check them (ENAS-6 flat strings, NB-101 or NB-201 cells)');

  dag
    .command('draw')
    .description('draw an architecture as SVG or Graphviz DOT')
    .argument('<architecture>', 'in the space\'s notation, e.g. ENAS "3 3 0 2 0 1 3 1 0 0 3 1 0 1 0 3 0 0 1 1 0"')
    .option('--space <name>', SPACE_HELP, oneOf('--space', SPACE_NAMES))
    .option('--format <format>', 'svg or dot', oneOf('--format', ['svg', 'dot'] as const), 'svg')
    .option('--title <text>', 'caption above the SVG drawing')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (notation: string, options: { space?: SpaceName; format: 'svg' | 'dot'; title?: string; out?: string }) => {
      const space = searchSpace(options.space ?? 'enas6');
      const graph = parseArchitecture(space, notation);
      const { vocabulary } = space;
      const text = options.format === 'dot' ? toDot(graph, { vocabulary }) : toSvg(graph, { vocabulary, ...(options.title === undefined ? {} : { title: options.title }) });
      if (options.out === undefined) io.stdout(text);
      else {
        await writeAtomically(options.out, text);
        io.stderr(`wrote ${options.out}\n`);
      }
    });

  dag
    .command('check')
    .description("check an architecture: parse it and apply its space's validity rules (ENAS-6: is_valid_ENAS, protocol §5.2, with 8 vertices)")
    .argument('<architecture>', "in the space's notation (ENAS-6: flat string)")
    .option('--space <name>', SPACE_HELP, oneOf('--space', SPACE_NAMES))
    .option('--any-size', 'enas6 only: do not require 8 vertices (the reference validity metric does not)')
    .option('--json', 'print JSON')
    .action((notation: string, options: { space?: SpaceName; anySize?: boolean; json?: boolean }) => {
      const spaceName = options.space ?? 'enas6';
      if (options.anySize && spaceName !== 'enas6') throw new CliError(`dag check: --any-size is for enas6; ${spaceName} has its own vertex limits`, 2);
      const space = searchSpace(spaceName);
      let result: { valid: boolean; rule?: string; message?: string; vertices?: number };
      try {
        const graph = spaceName === 'enas6' ? enasFlatToDag(notation) : space.parse(notation);
        const validity = spaceName === 'enas6' ? checkEnasValidity(graph, options.anySize ? {} : { vertexCount: 8 }) : space.check(graph);
        result = validity.valid ? { valid: true, vertices: graph.types.length } : { ...validity, vertices: graph.types.length };
      } catch (error) {
        if (!(error instanceof DagError)) throw error;
        result = { valid: false, rule: 'parse', message: error.message.replace(/^@opnas\/[a-z-]+: /, '') };
      }
      emit(io, options.json, result, (r) => (r.valid ? `valid (${r.vertices} vertices)` : `invalid: ${r.rule}: ${r.message}`));
      if (!result.valid) process.exitCode = 1;
    });
}
