import { parentPort } from 'node:worker_threads';
import { sessionHalf } from '../../shared/compare/halves';
import { readSessionFile, SessionFileError } from './sessionFiles';
import { type ReaderReply, type ReaderTask, shareData } from './sessionReader';

/*
 * A session-reading worker. 'read': decode a session file (ZSTD + Arrow, the costly part of
 * opening one) off the host's thread, into shared memory, so the host and other workers read
 * the columns without a copy. 'half': a session's half of a comparison summary, from columns
 * in shared memory.
 */
const port = parentPort;
if (!port) throw new Error('session-reader-worker must run as a worker thread');

port.on('message', async (task: ReaderTask) => {
  try {
    if (task.op === 'read') {
      const opened = await readSessionFile(task.file, { journal: task.journal, shared: true });
      port.postMessage({ seq: task.seq, ok: true, opened: { ...opened, data: shareData(opened.data) } } as ReaderReply);
    } else {
      const h = task.half;
      const half = sessionHalf(
        { id: h.id, title: h.title, data: task.data, markers: h.markers, nudgeMs: h.nudgeMs },
        h.alignment,
      );
      port.postMessage({ seq: task.seq, ok: true, half } as ReaderReply);
    }
  } catch (e) {
    const reply: ReaderReply =
      e instanceof SessionFileError
        ? { seq: task.seq, ok: false, file: e.file, message: e.message }
        : { seq: task.seq, ok: false, file: null, message: (e as Error).message ?? String(e) };
    port.postMessage(reply);
  }
});
