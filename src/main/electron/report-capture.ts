import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { app, BrowserWindow, session } from 'electron';
import {
  type CaptureJob,
  type CaptureReply,
  JOB_ENV,
  type OffscreenPage,
  parseJob,
  runCapture,
} from '../report/electron-capture';

/*
 * `tidegauge report --renderer electron`: the Electron side. Started by the CLI
 * (src/main/report/electron.ts) as `electron [switches] out/main/report-capture.js` with the job
 * in $TIDEGAUGE_CAPTURE_JOB. It loads the report page of the CLI's loopback browser shell in a
 * hidden offscreen window, waits until the report is drawn, captures the report element with
 * capturePage and writes the reply (PNG as base64, text, provenance) to job.reply, then exits:
 * 0 with a reply, 1 with an error reply (and the message on stderr), 2 for a bad job.
 *
 * Device pixel ratio 2: webPreferences.offscreen.deviceScaleFactor, Electron's own setting for an
 * offscreen window, which both rasterises the page at 2 and tells the page devicePixelRatio 2.
 * Not enableDeviceEmulation: that changes what the page is told, not the scale the offscreen
 * compositor draws at. The CLI also passes --force-device-scale-factor=2, because capturePage in
 * Electron up to 45 sizes its bitmap from the display's scale factor rather than the offscreen
 * view's (electron/electron#53675, fixed in #53810): with both at 2 nothing is resampled. The
 * capture's pixel size is checked against the report's CSS size × 2 either way.
 */

let job: CaptureJob;
try {
  job = parseJob(process.env[JOB_ENV]);
} catch (e) {
  console.error(`report-capture: ${(e as Error).message}`);
  process.exit(2);
}

let step = 'starting Electron';
let done = false;

function finish(reply: CaptureReply): void {
  if (done) return;
  done = true;
  try {
    writeFileSync(`${job.reply}.part`, JSON.stringify(reply));
    renameSync(`${job.reply}.part`, job.reply);
  } catch (e) {
    console.error(`report-capture: cannot write ${job.reply}: ${(e as Error).message}`);
  }
  if (!reply.ok) console.error(`report-capture: ${reply.error}`);
  app.exit(reply.ok ? 0 : 1);
}

const fail = (e: unknown) => finish({ ok: false, error: `${(e as Error)?.message ?? String(e)} (while ${step})` });

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
setTimeout(
  () => fail(new Error(`timed out after ${Math.round((job.readyTimeoutMs + job.drawTimeoutMs) / 1000) + 30} s`)),
  job.readyTimeoutMs + job.drawTimeoutMs + 30_000,
).unref();

// Before ready: software rendering (the offscreen frames come from the CPU), every renderer
// sandboxed, and a throwaway profile instead of ~/.config/Electron.
app.disableHardwareAcceleration();
app.enableSandbox();
// setPath throws for a folder that does not exist.
mkdirSync(job.userData, { recursive: true });
app.setPath('userData', job.userData);
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});
// The window is never shown; nothing quits behind our back when it closes.
app.on('window-all-closed', () => {});

void app
  .whenReady()
  .then(async () => {
    step = 'opening the offscreen window';
    // In memory (no "persist:"): nothing of the page outlives the run.
    const ses = session.fromPartition('tidegauge-report');
    ses.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
    ses.setPermissionCheckHandler(() => false);
    const win = new BrowserWindow({
      show: false,
      width: job.windowWidth,
      height: 900,
      useContentSize: true,
      frame: false,
      enableLargerThanScreen: true,
      webPreferences: {
        offscreen: { deviceScaleFactor: job.dpr },
        session: ses,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
        zoomFactor: 1,
        // A hidden window is throttled (timers, animation frames) by default; the charts lay out on frames.
        backgroundThrottling: false,
      },
    });
    const wc = win.webContents;
    // As the app's window: nothing navigates away and nothing opens a window.
    wc.on('will-navigate', (e) => e.preventDefault());
    wc.setWindowOpenHandler(() => ({ action: 'deny' }));
    wc.on('render-process-gone', (_e, d) => fail(new Error(`the page's renderer stopped (${d.reason})`)));
    const page: OffscreenPage = {
      load: (url) => wc.loadURL(url),
      evaluate: (script) => wc.executeJavaScript(script),
      async setViewport(width, height) {
        win.setContentSize(width, height);
      },
      async capture(rect) {
        wc.invalidate();
        const image = await wc.capturePage(rect);
        if (image.isEmpty()) throw new Error('capturePage returned an empty image');
        return new Uint8Array(image.toPNG());
      },
    };
    const r = await runCapture(page, job, (s) => {
      step = s;
    });
    finish({
      ok: true,
      png: Buffer.from(r.png).toString('base64'),
      text: r.text,
      provenance: r.provenance,
      version: process.versions.electron ?? 'unknown',
      phases: r.phases,
    });
  })
  .catch(fail);
