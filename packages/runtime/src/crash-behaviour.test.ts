import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Each case runs in a fresh Node process, once as is and once after initRuntime() on each CPU
// backend: the exit code and what ran must be the same (Node's own: exit code 1 for an uncaught
// error or rejection, the user's handler called).
const runtimeEntry = fileURLToPath(new URL('./index.ts', import.meta.url));

function run(init: string, body: string): { status: number | null; stdout: string; stderr: string } {
  const script = `${init === '' ? '' : `const { initRuntime } = await import(${JSON.stringify(runtimeEntry)}); await initRuntime({ backend: '${init}' });`}\n${body}`;
  const child = spawnSync(process.execPath, ['--conditions=@opnas/source', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

const cases: { name: string; body: string; status: number; stdout?: string; stderr?: RegExp }[] = [
  { name: 'an uncaught error exits with code 1 and prints it', body: "setTimeout(() => { throw new Error('boom-7731'); }, 0);", status: 1, stderr: /boom-7731/ },
  { name: 'an unhandled rejection exits with code 1 and prints it', body: "Promise.reject(new Error('rejected-5512'));", status: 1, stderr: /rejected-5512/ },
  {
    name: "the user's uncaughtException handler runs, and the process goes on",
    body: "process.on('uncaughtException', (e) => { console.log('handled ' + e.message); }); setTimeout(() => { throw new Error('x1'); }, 0); setTimeout(() => console.log('still running'), 20);",
    status: 0,
    stdout: 'handled x1\nstill running\n',
  },
  {
    name: 'a handler that sets exit code 1 and rethrows via process.exit ends with code 1',
    body: "process.on('uncaughtException', (e) => { console.log('handled ' + e.message); process.exit(1); }); setTimeout(() => { throw new Error('x2'); }, 0);",
    status: 1,
    stdout: 'handled x2\n',
  },
  {
    name: "the user's unhandledRejection handler runs",
    body: "process.on('unhandledRejection', (r) => { console.log('rejection ' + r.message); }); Promise.reject(new Error('r3'));",
    status: 0,
    stdout: 'rejection r3\n',
  },
];

describe('initRuntime leaves the crash behaviour of the process as it was', () => {
  for (const c of cases) {
    it(c.name, () => {
      for (const init of ['', 'wasm', 'cpu']) {
        const result = run(init, c.body);
        expect({ init, status: result.status }).toEqual({ init, status: c.status });
        if (c.stdout !== undefined) expect(result.stdout).toBe(c.stdout);
        if (c.stderr !== undefined) expect(result.stderr).toMatch(c.stderr);
      }
    });
  }
});
