import { parentPort } from 'node:worker_threads';
import { describeIssues } from '../../shared/session/meta';
import { SessionFileError } from './sessionFiles';
import { importToBytes } from './sessionImport';
import { type ImportReply, ImportTask } from './sessionImportProtocol';

/*
 * The session-import worker: reads a CSV, irontide dump or libtorrent log, encodes the session
 * and decodes it again to check it (seconds of CPU for a large file), off the host's thread,
 * and hands back the file's bytes. One worker per import, ended after it: a file that needs
 * more memory than the worker may have fails its own import and nothing else.
 */
const port = parentPort;
if (!port) throw new Error('sessionImportWorker must run as a worker thread');

port.on('message', async (raw: unknown) => {
  const parsed = ImportTask.safeParse(raw);
  const req = (raw as { req?: unknown } | null)?.req;
  if (!parsed.success) {
    const message = `session import worker got an invalid task: ${describeIssues(parsed.error, 'task')}`;
    port.postMessage({ type: 'reply-error', req: typeof req === 'number' ? req : -1, message, file: null });
    return;
  }
  const task = parsed.data;
  try {
    const r = await importToBytes(task.file, task.options);
    // The buffer moves to the host instead of being copied (a whole buffer only can move).
    const whole = r.bytes.byteOffset === 0 && r.bytes.byteLength === r.bytes.buffer.byteLength;
    const bytes = whole ? r.bytes : r.bytes.slice();
    const reply: ImportReply = { type: 'imported', req: task.req, ...r, bytes };
    port.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    const reply: ImportReply =
      e instanceof SessionFileError
        ? { type: 'reply-error', req: task.req, message: e.message, file: e.file }
        : { type: 'reply-error', req: task.req, message: (e as Error).message ?? String(e), file: null };
    port.postMessage(reply);
  }
});
