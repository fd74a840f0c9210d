import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { makeOwnedDir, removeOwnedDir, sweepStaleDirs } from '../lifetime/ownedTempDir';
import { builtMainFile, projectRoot } from '../paths';
import {
  type CaptureDriver,
  DRAW_TIMEOUT_MS,
  parseStamped,
  READY_TIMEOUT_MS,
  REPORT_DPR,
  WINDOW_MARGIN,
} from './driver';
import { type CaptureJob, type CaptureReply, JOB_ENV } from './electron-capture';
import { EngineError } from './errors';

/*
 * The Electron renderer of headless reports: the Electron binary runs a small main script
 * (out/main/report-capture.js, from src/main/electron/report-capture.ts) that draws the report
 * page in an offscreen window and writes the PNG back; see electron-capture.ts for the protocol.
 */

export interface ElectronChoice {
  readonly path: string;
  /** How it was found: $TIDEGAUGE_ELECTRON, or the electron package installed with the project. */
  readonly via: 'env' | 'package';
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * The Electron binary to render reports with: $TIDEGAUGE_ELECTRON (an error when it names no
 * file: the user asked for it), else the `electron` package resolvable from the project (`from`)
 * whose binary is on disk. The package's index.js would download a missing binary when
 * required, so it is never required: its path.txt names the binary under dist/ (or under
 * $ELECTRON_OVERRIDE_DIST_PATH), as index.js computes it. Null when there is none.
 */
export function findElectron(
  opts: { readonly env?: NodeJS.ProcessEnv; readonly from?: string } = {},
): ElectronChoice | null {
  const env = opts.env ?? process.env;
  const named = env.TIDEGAUGE_ELECTRON;
  if (named) {
    if (!existsSync(named)) throw new EngineError(`TIDEGAUGE_ELECTRON=${named}: no such file`);
    if (!isFile(named)) throw new EngineError(`TIDEGAUGE_ELECTRON=${named}: not a file (name the Electron binary)`);
    return { path: named, via: 'env' };
  }
  let dir: string;
  try {
    dir = dirname(createRequire(join(opts.from ?? projectRoot(), 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(dir, 'path.txt');
  const exe = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const bin = override ? join(override, exe || 'electron') : exe ? join(dir, 'dist', exe) : null;
  return bin && isFile(bin) ? { path: bin, via: 'package' } : null;
}

/**
 * Chromium switches for the capture process, given on its command line so they hold from the
 * start: no GPU (offscreen frames come from the software output device), the display's scale
 * factor pinned to the report's (see report-capture.ts), on Linux Ozone's headless platform
 * (offscreen windows need no X11 or Wayland display: works on servers and over SSH), and no
 * sandbox when running as root (Chromium refuses to start a sandbox as root).
 */
export function electronSwitches(
  platform: NodeJS.Platform = process.platform,
  uid: number | undefined = process.getuid?.(),
): string[] {
  const out = ['--disable-gpu', `--force-device-scale-factor=${REPORT_DPR}`];
  if (platform === 'linux') out.push('--ozone-platform=headless', '--disable-dev-shm-usage');
  if (uid === 0) out.push('--no-sandbox');
  return out;
}

/** The last few meaningful lines of the capture process's stderr, for an error message. */
function tail(stderr: string, lines = 6): string {
  return stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim())
    .slice(-lines)
    .join('\n');
}

export interface ElectronDriverOptions {
  /** The built capture script; default out/main/report-capture.js. */
  readonly script?: string;
  /** Kill the capture process after this long; default the page's own timeouts plus a minute. */
  readonly killAfterMs?: number;
  readonly readyTimeoutMs?: number;
  readonly drawTimeoutMs?: number;
}

export function electronDriver(electron: { readonly path: string }, opts: ElectronDriverOptions = {}): CaptureDriver {
  return {
    renderer: 'electron',
    path: electron.path,
    async capture({ url, width, say }) {
      const script = opts.script ?? builtMainFile('report-capture');
      if (!existsSync(script)) throw new Error(`the build is missing (${script}); run \`npm run build\` first`);
      // The job goes to Electron at spawn: wait for the page's address (the files being read).
      const href = (await url).href;
      // Electron's profile and its reply: left by a SIGKILL, removed by the next Electron report.
      sweepStaleDirs('electron');
      const work = makeOwnedDir('electron');
      try {
        const job: CaptureJob = {
          url: href,
          width,
          windowWidth: width + WINDOW_MARGIN,
          dpr: REPORT_DPR,
          reply: join(work, 'reply.json'),
          userData: join(work, 'profile'),
          readyTimeoutMs: opts.readyTimeoutMs ?? READY_TIMEOUT_MS,
          drawTimeoutMs: opts.drawTimeoutMs ?? DRAW_TIMEOUT_MS,
        };
        const env: NodeJS.ProcessEnv = { ...process.env, [JOB_ENV]: JSON.stringify(job) };
        // Set in a parent Electron or test runner, it would make the binary a plain Node.
        delete env.ELECTRON_RUN_AS_NODE;
        say(`rendering in Electron offscreen (${electron.path})`);
        const t0 = performance.now();
        const killAfter = opts.killAfterMs ?? job.readyTimeoutMs + job.drawTimeoutMs + 60_000;
        const { code, signal, stderr, killed } = await new Promise<{
          code: number | null;
          signal: NodeJS.Signals | null;
          stderr: string;
          killed: boolean;
        }>((resolve, reject) => {
          const child = spawn(electron.path, [...electronSwitches(), script], {
            env,
            stdio: ['ignore', 'ignore', 'pipe'],
            windowsHide: true,
          });
          let err = '';
          let killed = false;
          child.stderr?.setEncoding('utf8');
          child.stderr?.on('data', (d: string) => {
            err = (err + d).slice(-16_384);
          });
          const timer = setTimeout(() => {
            killed = true;
            child.kill('SIGTERM');
            setTimeout(
              () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'),
              5000,
            ).unref();
          }, killAfter);
          child.once('error', (e) => {
            clearTimeout(timer);
            reject(new Error(`cannot start Electron (${electron.path}): ${e.message}`));
          });
          child.once('close', (c, s) => {
            clearTimeout(timer);
            resolve({ code: c, signal: s, stderr: err, killed });
          });
        });
        const elapsed = performance.now() - t0;
        if (killed) throw new Error(`Electron did not finish the report within ${Math.round(killAfter / 1000)} s`);
        let reply: CaptureReply | null = null;
        if (existsSync(job.reply)) reply = JSON.parse(readFileSync(job.reply, 'utf8')) as CaptureReply;
        if (!reply) {
          const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
          const said = tail(stderr);
          throw new Error(`Electron ${how} before writing the report${said ? `; it said:\n${said}` : ''}`);
        }
        if (!reply.ok) throw new Error(`Electron: ${reply.error}`);
        const t1 = performance.now();
        const png = new Uint8Array(Buffer.from(reply.png, 'base64'));
        return {
          png,
          text: reply.text,
          stamped: parseStamped(reply.provenance),
          tool: `tidegauge report (headless Electron ${reply.version} offscreen, ${electron.path})`,
          phases: {
            // Starting Electron and its window, and quitting: what the process took beyond the page.
            launch: Math.max(0, elapsed - reply.phases.render - reply.phases.capture),
            render: reply.phases.render,
            capture: reply.phases.capture + (performance.now() - t1),
          },
        };
      } finally {
        removeOwnedDir(work);
      }
    },
  };
}
