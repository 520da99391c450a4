#!/usr/bin/env node
import { runCli } from './run.js';

// A reader that stops early (`opnas data split --json | head -2`) closes the pipe; end quietly
// with exit code 0, as Unix tools do, instead of an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
