import { createHash, randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { StatsHost } from '../src/main/live/statsHost';
import { rendererDir } from '../src/main/paths';
import { createDefaultSource } from '../src/main/sources/default';
import { startWebShell, type WebShell } from '../src/main/web/WebShell';

// A .torrent well past the 48 KiB that once closed the page's WebSocket (1009 at 64 KiB):
// 4,000 pieces of 16 KiB, so its `pieces` field alone is 80,000 bytes. It is added from the
// browser like any other and the host lists it under its info hash.
let host: StatsHost;
let shell: WebShell;

test.beforeAll(async () => {
  host = new StatsHost({ intervalMs: 500, source: createDefaultSource({ swarm: false }) });
  shell = await startWebShell({ host, staticDir: rendererDir(), port: 0 });
  await host.start();
});
test.afterAll(async () => {
  await shell?.close();
  await host?.stop();
});

const b = (s: string) => Buffer.from(`${Buffer.byteLength(s)}:${s}`);

function bigTorrent(): { bytes: Buffer; infoHash: string } {
  const pieceLength = 16 * 1024;
  const pieces = 4000;
  const info = Buffer.concat([
    Buffer.from('d'),
    b('length'),
    Buffer.from(`i${pieceLength * pieces}e`),
    b('name'),
    b('big-test-content.bin'),
    b('piece length'),
    Buffer.from(`i${pieceLength}e`),
    b('pieces'),
    Buffer.from(`${pieces * 20}:`),
    randomBytes(pieces * 20),
    Buffer.from('e'),
  ]);
  const bytes = Buffer.concat([Buffer.from('d'), b('info'), info, Buffer.from('e')]);
  return { bytes, infoHash: createHash('sha1').update(info).digest('hex') };
}

test('a .torrent of more than 64 KiB is added from the browser', async ({ page }) => {
  const t = bigTorrent();
  expect(t.bytes.length).toBeGreaterThan(64 * 1024);
  await page.goto(`${shell.url}#session`);
  const panel = page.locator('section.torrents');
  await expect(panel.getByText('No torrents yet.')).toBeVisible();
  await panel.locator('input[type=file]').setInputFiles({
    name: 'big.torrent',
    mimeType: 'application/x-bittorrent',
    buffer: t.bytes,
  });
  await expect(panel.locator(`tr[data-infohash="${t.infoHash}"]`)).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await host.torrentControl?.list())?.map((x) => x.infoHash)).toEqual([t.infoHash]);
  // The page stayed connected: the header still shows the live source.
  await expect(page.getByTestId('source-label')).not.toHaveText('Connecting…');
});
