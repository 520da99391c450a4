/**
 * A test hook for crash safety: when the environment variable `OPNAS_TRAIN_FAULT` names the point
 * being passed, the process kills itself with SIGKILL (or sends itself SIGTERM) right there, as
 * `kill -9` (or a polite stop) at that instant would. Points:
 *
 * - `kill-after-batch:<iteration>:<epoch>:<batch>` — after that batch's Adam step (batch from 1);
 * - `kill-in-checkpoint:<n>` — half-way through writing this process's n-th checkpoint (from 1);
 * - `term-after-batch:<iteration>:<epoch>:<batch>` — SIGTERM instead of SIGKILL.
 *
 * Unset (the normal case) it does nothing.
 */
export function faultPoint(point: 'after-batch' | 'in-checkpoint', detail: string, env: Readonly<Record<string, string | undefined>> = process.env): void {
  const fault = env['OPNAS_TRAIN_FAULT'];
  if (fault === undefined || fault === '') return;
  if (fault === `kill-${point}:${detail}`) process.kill(process.pid, 'SIGKILL');
  if (fault === `term-${point}:${detail}`) process.kill(process.pid, 'SIGTERM');
}
