/**
 * The program each training worker thread runs (see {@link WorkerPool}): a
 * {@link WorkerRequestHandler} behind the thread's message port.
 */
import { parentPort } from 'node:worker_threads';
import { WorkerRequestHandler } from './worker-requests.js';
import type { Envelope, WorkerReply, WorkerRequest } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('@opnas/train: training-worker must run in a worker thread');
const handler = new WorkerRequestHandler();
port.on('message', (message: Envelope<WorkerRequest>) => {
  handler.handle(message.body).then(
    (body) => port.postMessage({ id: message.id, ok: true, body } satisfies WorkerReply),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ id: message.id, ok: false, error: e.message, name: e.name } satisfies WorkerReply);
    },
  );
});
