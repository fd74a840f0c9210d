import { writeFile } from 'node:fs/promises';
import { type ClientCommand, type HostEvent, parseClientCommand } from '../../shared/api';
import {
  describeRequestIssues,
  ImportFields,
  type LibraryFailure,
  type LibraryOp,
  LibraryRequest,
} from '../../shared/library';
import type { Recorder } from '../live/recorder';
import type { StatsHost } from '../live/statsHost';
import type { SessionLibrary } from '../storage/sessionLibrary';
import { type CommandHandlers, commandHandlers } from './commandHandlers';
import { failure } from './failure';
import { type HandlerInput, type HandlerValues, type LibraryHandlers, libraryHandlers } from './libraryHandlers';
import { type SourceSwitchOptions, sourceSwitch } from './sourceHandlers';

/*
 * The one place every request of a shell is validated and carried out (in the manner of
 * Actual Budget's loot-core handlers): library requests (list, get, update, remove, data,
 * figures, compare, import) and the live commands of a stream client (diagnostics, interval,
 * recording, torrents). The shells only translate: HTTP routes (src/main/web/apiRoutes.ts),
 * Electron IPC (src/main/electron/ipc.ts) and the live stream (LiveClient.ts).
 */

export type { HandlerValues } from './libraryHandlers';

/** A request's value, tagged with its op so a transport knows how to send it. */
export type Answer =
  | { [K in LibraryOp]: { readonly ok: true; readonly op: K; readonly value: HandlerValues[K] } }[LibraryOp]
  | LibraryFailure;

export type CommandAnswer = { readonly ok: true; readonly reply?: HostEvent } | LibraryFailure;

export interface Dispatcher {
  /** A LibraryRequest from any transport (IPC sends one as is; HTTP routes build one). */
  library(raw: unknown): Promise<Answer>;
  /** An import whose bytes are written by the transport (HTTP streams its body to the file). */
  upload(fields: unknown, write: (file: string) => Promise<void>): Promise<Answer>;
  /** A ClientCommand of a live stream client. */
  command(raw: unknown): Promise<CommandAnswer>;
}

export interface DispatcherOptions {
  readonly host: StatsHost;
  /** Saved sessions; without them every library request answers 404. */
  readonly library?: SessionLibrary | null;
  readonly recorder?: Recorder | null;
  /** How setSource builds a source (the embedded engine's options, saved connections). */
  readonly sources?: SourceSwitchOptions;
}

const NO_LIBRARY: LibraryFailure = { ok: false, status: 404, error: 'this host keeps no saved sessions' };
const badRequest = (error: string): LibraryFailure => ({ ok: false, status: 400, error });

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const recorder = options.recorder ?? null;
  const library: LibraryHandlers | null = options.library ? libraryHandlers(options.library, recorder) : null;
  const commands: CommandHandlers = commandHandlers(
    options.host,
    recorder,
    sourceSwitch(options.host, options.sources ?? {}),
  );

  async function run<K extends LibraryOp>(op: K, req: HandlerInput<K>): Promise<Answer> {
    if (!library) return NO_LIBRARY;
    try {
      const handler = library[op] as (r: HandlerInput<K>) => Promise<HandlerValues[K]>;
      return { ok: true, op, value: await handler(req) } as Answer;
    } catch (e) {
      return failure(e);
    }
  }

  return {
    async library(raw) {
      const parsed = LibraryRequest.safeParse(raw);
      if (!parsed.success) return badRequest(`bad request: ${describeRequestIssues(parsed.error)}`);
      const req = parsed.data;
      if (req.op !== 'import') return run(req.op, req as HandlerInput<typeof req.op>);
      const { bytes, ...fields } = req;
      return run('import', { ...fields, write: (file) => writeFile(file, bytes, { flag: 'wx' }) });
    },
    async upload(raw, write) {
      const parsed = ImportFields.safeParse(raw);
      if (!parsed.success) return badRequest(`bad request: ${describeRequestIssues(parsed.error)}`);
      return run('import', { ...parsed.data, op: 'import', write });
    },
    async command(raw) {
      const parsed = parseClientCommand(raw);
      if (!parsed.ok) return badRequest(parsed.error);
      const cmd = parsed.command;
      try {
        const reply = await (commands[cmd.type] as (c: ClientCommand) => Promise<HostEvent | undefined>)(cmd);
        return reply ? { ok: true, reply } : { ok: true };
      } catch (e) {
        return failure(e);
      }
    },
  };
}
