import { parentPort } from 'node:worker_threads';
import { importToBytes } from './sessionImport';
import { type ImportReply, ImportTask } from './sessionImportProtocol';
import { answerTasks } from './workerTasks';

/*
 * The session-import worker: reads a CSV, irontide dump or libtorrent log, encodes the session
 * and decodes it again to check it (seconds of CPU for a large file), off the host's thread,
 * and hands back the file's bytes. One worker per import, ended after it: a file that needs
 * more memory than the worker may have fails its own import and nothing else.
 */
const port = parentPort;
if (!port) throw new Error('sessionImportWorker must run as a worker thread');

answerTasks(port, 'session import worker', ImportTask, async (task) => {
  const r = await importToBytes(task.file, task.options);
  // The buffer moves to the host instead of being copied (a whole buffer only can move).
  const whole = r.bytes.byteOffset === 0 && r.bytes.byteLength === r.bytes.buffer.byteLength;
  const bytes = whole ? r.bytes : r.bytes.slice();
  const reply: ImportReply = { type: 'imported', req: task.req, ...r, bytes };
  return { reply, transfer: [bytes.buffer as ArrayBuffer] };
});
