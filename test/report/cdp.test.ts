import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CdpBrowser } from '../../src/main/report/cdp';
import { CHROMIUM_ARGS, findChromium } from '../../src/main/report/chromium';

/* The DevTools-protocol client the headless report draws with, against the system Chromium. */

const chromium = findChromium();

describe('CdpBrowser', () => {
  it('says why when the "browser" is not one (it exits at once)', async () => {
    await expect(CdpBrowser.launch('/bin/true', CHROMIUM_ARGS)).rejects.toThrow(/the browser exited/);
    await expect(CdpBrowser.launch('/nonexistent/chromium', CHROMIUM_ARGS)).rejects.toThrow(
      /could not be started|exited/,
    );
  });

  it('gives up on a binary that never answers, kills it and removes its profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-cdp-'));
    const mute = join(dir, 'mute-browser');
    writeFileSync(mute, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    // This process's profiles only (the name carries the owner's pid): a report running beside
    // the tests makes its own.
    const profiles = () =>
      readdirSync(tmpdir()).filter((f) => f.startsWith(`tidegauge-chromium-${process.pid}-`)).length;
    const before = profiles();
    const t0 = Date.now();
    await expect(CdpBrowser.launch(mute, CHROMIUM_ARGS, 500)).rejects.toThrow(
      /did not answer on the DevTools pipe within 0.5 s/,
    );
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(profiles()).toBe(before);
    rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(chromium)(
    'loads a page, evaluates in it, reports page errors, captures at DPR 2, and cleans up',
    async () => {
      const b = await CdpBrowser.launch((chromium as { path: string }).path, CHROMIUM_ARGS);
      // The folder that holds the profile (and its owner marker).
      const profile = (b as unknown as { work: string }).work;
      try {
        expect(existsSync(profile)).toBe(true);
        expect(await b.version()).toMatch(/^\d+\.\d+/);
        const page = await b.newPage();
        await page.send('Emulation.setDeviceMetricsOverride', {
          width: 300,
          height: 200,
          deviceScaleFactor: 2,
          mobile: false,
        });
        await page.goto(
          'data:text/html,<title>t</title><p id=x style="margin:0;width:100px;height:50px">hello</p>',
          10_000,
        );
        expect(await page.evaluate<string>('document.getElementById("x").textContent')).toBe('hello');
        expect(await page.evaluate<number>('new Promise((r) => setTimeout(() => r(42), 5))')).toBe(42);
        await expect(page.evaluate('nope.nope')).rejects.toThrow(/nope is not defined/);
        const { data } = await page.send<{ data: string }>('Page.captureScreenshot', {
          format: 'png',
          clip: { x: 0, y: 0, width: 100, height: 50, scale: 1 },
        });
        const png = Buffer.from(data, 'base64');
        expect(png.readUInt32BE(16)).toBe(200); // 100 CSS px at device pixel ratio 2
        expect(png.readUInt32BE(20)).toBe(100);
      } finally {
        await b.close();
      }
      expect(existsSync(profile)).toBe(false);
      await expect(b.send('Browser.getVersion')).rejects.toThrow(/exited/);
    },
  );
});
