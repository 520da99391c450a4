import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { checkEnasValidity, DagError, enasFlatToDag, toDot, toSvg } from '@opnas/dag';
import type { Command } from 'commander';
import { CliError, type CliIo, emit } from '../output.js';
import { oneOf } from '../parse-options.js';

const parseFlat = (flat: string) => {
  try {
    return enasFlatToDag(flat);
  } catch (error) {
    if (error instanceof DagError) throw new CliError(error.message.replace('@opnas/dag: ', ''));
    throw error;
  }
};

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
  const dag = program.command('dag').description('ENAS architectures as DAGs: draw and check flat 21-integer strings');

  dag
    .command('draw')
    .description('draw an architecture as SVG or Graphviz DOT')
    .argument('<flat>', 'flat ENAS string, e.g. "3 3 0 2 0 1 3 1 0 0 3 1 0 1 0 3 0 0 1 1 0"')
    .option('--format <format>', 'svg or dot', oneOf('--format', ['svg', 'dot'] as const), 'svg')
    .option('--title <text>', 'caption above the SVG drawing')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (flat: string, options: { format: 'svg' | 'dot'; title?: string; out?: string }) => {
      const graph = parseFlat(flat);
      const text = options.format === 'dot' ? toDot(graph) : toSvg(graph, options.title === undefined ? {} : { title: options.title });
      if (options.out === undefined) io.stdout(text);
      else {
        await writeAtomically(options.out, text);
        io.stderr(`wrote ${options.out}\n`);
      }
    });

  dag
    .command('check')
    .description('check a flat ENAS string: parse it and apply is_valid_ENAS (protocol §5.2) with 8 vertices')
    .argument('<flat>', 'flat ENAS string')
    .option('--any-size', 'do not require 8 vertices (the reference validity metric does not)')
    .option('--json', 'print JSON')
    .action((flat: string, options: { anySize?: boolean; json?: boolean }) => {
      let result: { valid: boolean; rule?: string; message?: string; vertices?: number };
      try {
        const graph = enasFlatToDag(flat);
        const validity = checkEnasValidity(graph, options.anySize ? {} : { vertexCount: 8 });
        result = validity.valid ? { valid: true, vertices: graph.types.length } : { ...validity, vertices: graph.types.length };
      } catch (error) {
        if (!(error instanceof DagError)) throw error;
        result = { valid: false, rule: 'parse', message: error.message.replace('@opnas/dag: ', '') };
      }
      emit(io, options.json, result, (r) => (r.valid ? `valid (${r.vertices} vertices)` : `invalid: ${r.rule}: ${r.message}`));
      if (!result.valid) process.exitCode = 1;
    });
}
