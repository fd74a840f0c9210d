import type { MessagePort } from 'node:worker_threads';
import type { z } from 'zod';
import { describeIssues } from '../../shared/session/meta';
import { SessionFileError } from './sessionFiles';

/*
 * Both ends of a storage worker's tasks (the session-import worker; the session readers'
 * loop has the same shape): every task is validated on arrival and answered once, with its
 * reply or a 'reply-error' that carries the file a SessionFileError named, so the host
 * raises the same SessionFileError again.
 */

export interface ReplyError {
  readonly type: 'reply-error';
  readonly req: number;
  readonly message: string;
  /** The file a SessionFileError named (null for other errors). */
  readonly file: string | null;
}

/** Worker side: answer each valid task with `answer`'s reply (and what it transfers). */
export function answerTasks<T extends { req: number }>(
  port: MessagePort,
  name: string,
  schema: z.ZodType<T>,
  answer: (task: T) => Promise<{ reply: object; transfer?: ArrayBuffer[] }>,
): void {
  port.on('message', async (raw: unknown) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const req = (raw as { req?: unknown } | null)?.req;
      const message = `${name} got an invalid task: ${describeIssues(parsed.error, 'task')}`;
      const reply: ReplyError = { type: 'reply-error', req: typeof req === 'number' ? req : -1, message, file: null };
      port.postMessage(reply);
      return;
    }
    const task = parsed.data;
    try {
      const { reply, transfer } = await answer(task);
      port.postMessage(reply, transfer ?? []);
    } catch (e) {
      const reply: ReplyError =
        e instanceof SessionFileError
          ? { type: 'reply-error', req: task.req, message: e.message, file: e.file }
          : { type: 'reply-error', req: task.req, message: (e as Error).message ?? String(e), file: null };
      port.postMessage(reply);
    }
  });
}

/** Host side: the error a 'reply-error' stands for (WorkerLink's errorOf). */
export function replyErrorOf(name: string) {
  return (ev: { type: string; message?: string; file?: string | null }): Error => {
    if (ev.type !== 'reply-error') return new Error(`${name} sent an unexpected reply`);
    const message = ev.message ?? 'request failed';
    return ev.file ? new SessionFileError(ev.file, message.replace(`${ev.file}: `, '')) : new Error(message);
  };
}
