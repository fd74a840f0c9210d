import { join } from 'node:path';
import { addHostSteps } from '../../lifetime/hostShutdown';
import { Shutdown } from '../../lifetime/shutdown';
import { wireRecorder } from '../../live/commands';
import { Recorder } from '../../live/recorder';
import { StatsHost } from '../../live/statsHost';
import { rendererDir } from '../../paths';
import { AddressError, createSource } from '../../sources/addresses';
import { ENGINE_HELP, ENGINE_OPTIONS, EngineOptionError, engineOptionsFrom } from '../../sources/engine/options';
import type { Source } from '../../sources/Source';
import { SavedConnections } from '../../sources/savedConnections';
import { DataDirError, prepareDataDir, resolveDataDir } from '../../storage/dataDir';
import { WorkerSessionImporter } from '../../storage/sessionImporter';
import { SessionLibrary } from '../../storage/sessionLibrary';
import { WorkerSessionReader } from '../../storage/sessionReaderPool';
import { isLoopback, startWebShell, type WebShell } from '../../web/WebShell';
import { type Command, InputError, intOption, parseCommandArgs, UsageError } from '../args';

/** Thrown inside startup when a signal came while a part was being made. */
const STOPPED = Symbol('stopped');

const HELP = `Usage: tidegauge serve [options] [FILE…]

Run the headless host and the browser shell: the Tidegauge UI at http://127.0.0.1:PORT/,
live snapshots over a WebSocket, GET /api/v1/session/counters (JSON, index order) and
GET /metrics (Prometheus text format).

FILE…: up to 4 session files or logs (CSV, irontide dump, libtorrent log) to add to the
library and open in the first browser that connects: one is replayed, 2-4 are compared.

Options:
  --port N         port to listen on (default 7420; 0 picks a free port)
  --host ADDR      address to bind (default 127.0.0.1). Any other address (127.0.0.2
                   too) requires the access token, which is printed in the URL
  --token T        access token to require (default: generated when --host is not loopback)
  --interval MS    sample interval in ms, 10..60000 (default 1000)
  --diagnostics    start with diagnostic counters enabled
  --no-source      start without the embedded engine (every metric "not reported")
  --source ADDR    watch this engine instead of the embedded one: irontide://HOST:9080,
                   tidegauge://HOST:7420?token=T (another serve), engine: (the default).
                   Recent connections (and their credentials) are kept in DIR/connections.json,
                   readable by you alone
  --data-dir DIR   where saved sessions live (default: $TIDEGAUGE_DATA_DIR, else
                   ~/.local/share/tidegauge, ~/Library/Application Support/Tidegauge on
                   macOS, %APPDATA%\\Tidegauge on Windows); sessions go in DIR/sessions
  --no-record      do not record this session (it is recorded by default)
  -h, --help       show this help

${ENGINE_HELP}`;

export const serve: Command = {
  name: 'serve',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        interval: { type: 'string' },
        diagnostics: { type: 'boolean' },
        'no-source': { type: 'boolean' },
        source: { type: 'string' },
        'data-dir': { type: 'string' },
        'no-record': { type: 'boolean' },
        ...ENGINE_OPTIONS,
      },
      true,
    );
    if (positionals.length > 4) throw new UsageError(`give at most 4 session files to open, got ${positionals.length}`);
    const port = intOption(values.port, 'port', 0, 65535) ?? 7420;
    const intervalMs = intOption(values.interval, 'interval', 10, 60_000) ?? 1000;
    const bind = values.host ?? '127.0.0.1';
    if (values.token !== undefined && values.token.length < 8)
      throw new UsageError('--token must be at least 8 characters');

    let engine: ReturnType<typeof engineOptionsFrom>;
    try {
      engine = engineOptionsFrom(values);
    } catch (e) {
      throw e instanceof EngineOptionError ? new UsageError(e.message) : e;
    }
    if (values['no-source'] && values.source) throw new UsageError('give --source or --no-source, not both');
    const dataDir = resolveDataDir(values['data-dir']);
    try {
      prepareDataDir(dataDir);
    } catch (e) {
      if (e instanceof DataDirError) throw new InputError(`${e.message}; pick another folder with --data-dir`);
      throw e;
    }

    // From here on every way out (a signal, a fatal error while starting) goes through `life`.
    const life = new Shutdown('tidegauge serve');
    life.trap((signal) => console.error(`tidegauge serve: ${signal}: stopping (a second one exits at once)`));
    // Session files decode in worker threads: opening a day-long session never stalls the stream.
    const reader = new WorkerSessionReader().warm();
    const importer = new WorkerSessionImporter();
    const library = new SessionLibrary(dataDir, { reader, importer });
    let host: StatsHost | null = null;
    let recorder: Recorder | null = null;
    let shell: WebShell | null = null;
    addHostSteps(life, {
      host: () => host,
      recorder: () => recorder,
      closeShell: () => shell?.close(),
      closeWorkers: () => Promise.all([reader.close(), importer.close()]),
    });
    /** A part made while the steps already ran: closed here, and startup goes no further. */
    const unlessStopping = async <T>(made: Promise<T>, undo: (v: T) => unknown): Promise<T> => {
      const v = await made;
      if (life.stopping) {
        await undo(v);
        throw STOPPED;
      }
      return v;
    };
    try {
      const context = { engine: engine.source };
      let source: Source | null;
      try {
        // The engine (webtorrent, the swarm's tracker and DHT) loads only for the command that runs it.
        source = await unlessStopping(
          createSource(values['no-source'] ? 'none:' : (values.source ?? 'engine:'), context),
          (s) => s?.stop(),
        );
      } catch (e) {
        throw e instanceof AddressError ? new UsageError(`--source: ${e.message}`) : e;
      }
      if (engine.torrents.length && source?.info.kind !== 'engine')
        throw new UsageError('--torrent needs the embedded engine (drop --source / --no-source)');
      const saved = new SavedConnections(join(dataDir, 'connections.json'));
      host = new StatsHost({ intervalMs, diagnostics: values.diagnostics ?? false, source });
      const h = host;
      recorder = values['no-record'] ? null : new Recorder(h, { dir: library.dir });
      recorder?.on('error', (e) => console.error(`tidegauge serve: recording stopped: ${e.message}`));
      wireRecorder(h, recorder);
      // Files named on the command line join the library (session files copied, logs imported)
      // and open in the first browser that connects: one replays, two to four compare.
      const openIds: string[] = [];
      for (const f of positionals) {
        try {
          openIds.push((await unlessStopping(library.add(f), () => {})).summary.id);
        } catch (e) {
          if (e === STOPPED) throw e;
          throw new InputError(e instanceof Error ? e.message : String(e));
        }
      }
      shell = await unlessStopping(
        startWebShell({
          host: h,
          staticDir: rendererDir(),
          bind,
          port,
          token: values.token,
          library: { library, recorder },
          openOnConnect: openIds,
          sources: { context, saved },
        }).catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'EADDRINUSE')
            throw new UsageError(`port ${port} on ${bind} is in use; pick another with --port (0 picks a free one)`);
          if (e.code === 'EADDRNOTAVAIL') throw new UsageError(`cannot bind ${bind}: no such address on this machine`);
          throw e;
        }),
        (s) => s.close(),
      );
      const r = recorder;
      await unlessStopping(r?.start() ?? Promise.resolve(), () => r?.stop());
      await unlessStopping(h.start(), () => h.stop());
      console.log(`Tidegauge is serving ${h.sourceInfo?.label ?? 'no source'} at ${shell.url}`);
      if (shell.token)
        console.log(
          isLoopback(bind)
            ? `Listening on ${bind}, which others on this machine may reach: the URL above carries the access token.`
            : 'Listening beyond loopback: the URL above carries the access token; share it only with people you trust.',
        );
      console.log(recorder ? `Recording to ${library.dir}` : 'Not recording (--no-record)');
      const err = h.state().error;
      if (err) console.error(`tidegauge serve: ${err}`);
      for (const t of engine.torrents) {
        if (life.stopping) break;
        // A bad torrent is reported; the session keeps running with the others.
        try {
          const added = await h.torrentControl?.add(t);
          if (added) console.log(`Added torrent ${added.name || added.infoHash} (${added.infoHash})`);
        } catch (e) {
          if (!life.stopping) console.error(`tidegauge serve: --torrent ${t}: ${(e as Error).message}`);
        }
      }
      if (!life.stopping) await h.refreshTorrents();
    } catch (e) {
      // A signal while starting: the steps ran (or are running); a fatal error: run them now.
      if (e === STOPPED || life.stopping) return life.stop();
      await life.stop();
      throw e;
    }
    // Serving until a signal: the steps close everything, then the process ends by itself.
    return life.ended;
  },
};
