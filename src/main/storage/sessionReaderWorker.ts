import { parentPort } from 'node:worker_threads';
import type { SessionData } from '../../shared/session/data';
import { describeIssues } from '../../shared/session/meta';
import { queryLevels } from './levelQuery';
import { READER_MAX_DECODED_BYTES } from './readerLimits';
import { readSessionFile, SessionFileError } from './sessionFiles';
import { levelsSummary } from './sessionLevels';
import { figuresOf } from './sessionReader';
import { type ReaderReply, ReaderTask } from './sessionReaderProtocol';

/*
 * A session-reading worker. 'read': decode a session file (ZSTD + Arrow, the costly part of
 * opening one) off the host's thread, into shared memory, so the host and other workers read
 * the columns without a copy. 'figures': a session's figures for a comparison, from columns
 * in shared memory. 'query': a data request from a long session's levels and batch index.
 */
const port = parentPort;
if (!port) throw new Error('sessionReaderWorker must run as a worker thread');

/**
 * The same columns in one SharedArrayBuffer: posted to another thread they are shared, not
 * copied, and the thread that decoded them can go on reading them.
 */
function shareData(data: SessionData): SessionData {
  const n = data.length;
  const buf = data.t.buffer;
  // Decoded into shared memory already (the usual case): nothing to copy.
  if (buf instanceof SharedArrayBuffer && [data.diagnostics, ...data.columns].every((a) => a.buffer === buf))
    return data;
  const m = data.columns.length;
  const sab = new SharedArrayBuffer(8 * n * (m + 1) + n);
  const t = new Float64Array(sab, 0, n);
  t.set(data.t.subarray(0, n));
  const columns = data.columns.map((c, i) => {
    const col = new Float64Array(sab, 8 * n * (i + 1), n);
    col.set(c.subarray(0, n));
    return col;
  });
  const diagnostics = new Uint8Array(sab, 8 * n * (m + 1), n);
  diagnostics.set(data.diagnostics.subarray(0, n));
  return { meta: data.meta, length: n, t, diagnostics, columns };
}

async function answer(task: ReaderTask): Promise<ReaderReply> {
  if (task.type === 'read') {
    const opened = await readSessionFile(task.file, {
      journal: task.journal,
      shared: true,
      writing: task.writing,
      maxDecodedBytes: READER_MAX_DECODED_BYTES,
    });
    return {
      type: 'opened',
      req: task.req,
      opened: {
        ...opened,
        warnings: [...opened.warnings],
        damaged: [...opened.damaged],
        data: shareData(opened.data),
      },
    };
  }
  // Levels are built here, on a worker, never on the thread that asks (one decode, once).
  if (task.type === 'summary') {
    const summary = await levelsSummary(task.file);
    return { type: 'summary', req: task.req, summary: summary && { ...summary, warnings: [...summary.warnings] } };
  }
  if (task.type === 'query') return { type: 'data', req: task.req, data: await queryLevels(task.file, task.query) };
  return { type: 'figures', req: task.req, figures: figuresOf(task.data, task.request) };
}

port.on('message', async (raw: unknown) => {
  const parsed = ReaderTask.safeParse(raw);
  const req = (raw as { req?: unknown } | null)?.req;
  if (!parsed.success) {
    const message = `session reader worker got an invalid task: ${describeIssues(parsed.error, 'task')}`;
    port.postMessage({ type: 'reply-error', req: typeof req === 'number' ? req : -1, message, file: null });
    return;
  }
  const task = parsed.data;
  try {
    port.postMessage(await answer(task));
  } catch (e) {
    const reply: ReaderReply =
      e instanceof SessionFileError
        ? { type: 'reply-error', req: task.req, message: e.message, file: e.file, kind: e.kind }
        : { type: 'reply-error', req: task.req, message: (e as Error).message ?? String(e), file: null };
    port.postMessage(reply);
  }
});
