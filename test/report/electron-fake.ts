import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../src/main/report/chromium';
import { type CaptureReply, JOB_ENV, parseJob, runCapture } from '../../src/main/report/electron-capture';
import { chromiumOffscreenPage } from './electron-page';

/*
 * A stand-in for the Electron binary in tests (started through a shell script, see
 * electron-driver.test.ts): takes the same job, runs the same capture steps in a system Chromium
 * and writes the same reply. FAKE_ELECTRON_MODE: ok (default), error (an error reply), crash
 * (noise on stderr, exit 3, no reply), hang. FAKE_ELECTRON_ARGS: a file to append argv to.
 * FAKE_ELECTRON_MAX_HEIGHT: the window cannot grow past this (slices the capture).
 */

const mode = process.env.FAKE_ELECTRON_MODE ?? 'ok';
if (process.env.FAKE_ELECTRON_ARGS)
  appendFileSync(process.env.FAKE_ELECTRON_ARGS, `${JSON.stringify(process.argv.slice(2))}\n`);
const job = parseJob(process.env[JOB_ENV]);

function reply(r: CaptureReply): void {
  writeFileSync(`${job.reply}.part`, JSON.stringify(r));
  renameSync(`${job.reply}.part`, job.reply);
}

if (mode === 'crash') {
  process.stderr.write('[1234:ERROR:gpu_init.cc(1)] noise\nsomething went badly wrong\n');
  process.exit(3);
} else if (mode === 'error') {
  reply({ ok: false, error: 'the report page was not ready within 120 s (while waiting for the report to be drawn)' });
  process.exit(1);
} else if (mode === 'hang') {
  setInterval(() => {}, 1000);
} else {
  const path = findChromium()?.path;
  if (!path) throw new Error('no Chromium for the fake Electron');
  process.stderr.write('[5678:WARNING:chrome noise] stderr chatter the CLI must ignore\n');
  const browser = await chromium.launch({ executablePath: path, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage({
      viewport: {
        width: job.windowWidth,
        height: Math.min(900, Number(process.env.FAKE_ELECTRON_MAX_HEIGHT ?? 0) || 900),
      },
      deviceScaleFactor: job.dpr,
    });
    const max = Number(process.env.FAKE_ELECTRON_MAX_HEIGHT ?? 0) || undefined;
    const r = await runCapture(chromiumOffscreenPage(page, { maxHeight: max }), job);
    reply({
      ok: true,
      png: Buffer.from(r.png).toString('base64'),
      text: r.text,
      provenance: r.provenance,
      version: '0.0.0-fake',
      phases: r.phases,
    });
  } catch (e) {
    reply({ ok: false, error: (e as Error).message });
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}
