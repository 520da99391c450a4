import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/** The fields of a runner task this reporter reads (vitest's own summary reads the same ones). */
interface Task {
  readonly type: string;
  readonly mode: string;
  readonly fails?: boolean;
  readonly result?: { readonly state?: string };
  readonly tasks?: readonly Task[];
}

/** Counts as vitest's summary computes them: passed/failed by result, skipped/todo by mode. */
export interface Counts {
  passed: number;
  failed: number;
  expectedFail: number;
  skipped: number;
  todo: number;
}

/** vitest's rule for one task (its `getStateString`): an expected failure (`it.fails`) is not "passed". */
export function countTasks(tasks: readonly Task[]): Counts {
  const counts: Counts = { passed: 0, failed: 0, expectedFail: 0, skipped: 0, todo: 0 };
  for (const t of tasks) {
    if (t.result?.state === 'pass' && !(t.type === 'test' && t.fails)) counts.passed++;
    if (t.result?.state === 'pass' && t.type === 'test' && t.fails) counts.expectedFail++;
    if (t.result?.state === 'fail') counts.failed++;
    if (t.mode === 'skip') counts.skipped++;
    if (t.mode === 'todo') counts.todo++;
  }
  return counts;
}

function testsOf(task: Task): Task[] {
  return task.type === 'test' ? [task] : (task.tasks ?? []).flatMap(testsOf);
}

/** The runner task behind a reported module (vitest's summary counts these; not in its typed API). */
function fileTask(module: TestModule): Task {
  const task = (module as unknown as { task?: Task }).task;
  if (task === undefined) throw new Error('plain-summary-reporter: this vitest does not expose TestModule.task; update the reporter');
  return task;
}

/**
 * Prints two plain closing lines after vitest's own summary, in a runner-independent form:
 * `files: N passed, N failed[; N expected fail][; N todo][; N errors]`, then, last and alone,
 * `tests: N passed, N failed[, N skipped]` (todo tests counted as skipped; expected failures in
 * neither, and named on the files line).
 * The counts are vitest's own (the same task fields its "Test Files" and "Tests" lines count),
 * so a file that fails to import shows up as a failed file, a test skipped after a failing hook
 * is not counted as failed, and unhandled errors are counted. Checked against vitest's summary by
 * `plain-summary-reporter.test.ts`.
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): void {
    const files = testModules.map(fileTask);
    const tests = countTasks(files.flatMap(testsOf));
    const modules = countTasks(files);
    const errors = unhandledErrors.length > 0 ? `; ${unhandledErrors.length} error${unhandledErrors.length === 1 ? '' : 's'}` : '';
    const notes = [...(tests.expectedFail ? [`${tests.expectedFail} expected fail`] : []), ...(tests.todo ? [`${tests.todo} todo`] : [])].map((n) => `; ${n}`).join('');
    const skipped = tests.skipped + tests.todo;
    process.stdout.write(`\nfiles: ${modules.passed} passed, ${modules.failed} failed${notes}${errors}\n`);
    process.stdout.write(`tests: ${tests.passed} passed, ${tests.failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
  }
}
