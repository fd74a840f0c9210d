import { expect, test } from '@playwright/test';
import { StatsHost } from '../src/main/live/statsHost';
import { rendererDir } from '../src/main/paths';
import { createDefaultSource } from '../src/main/sources/default';
import { startWebShell, type WebShell } from '../src/main/web/WebShell';

// A bare engine session (no loopback swarm): the torrents a user adds are the only ones.
let host: StatsHost;
let shell: WebShell;
const HASH = 'c9e15763f722f23e98a29decdfae341b98d53056';

test.beforeAll(async () => {
  host = new StatsHost({ intervalMs: 500, source: createDefaultSource({ swarm: false }) });
  shell = await startWebShell({ host, staticDir: rendererDir(), port: 0 });
  await host.start();
});

test.afterAll(async () => {
  await shell?.close();
  await host?.stop();
});

test('add by magnet, refuse a bad .torrent, pause, resume and remove', async ({ page }) => {
  await page.goto(`${shell.url}#session`);
  const panel = page.locator('section.torrents');
  await expect(panel.getByText('No torrents yet.')).toBeVisible();

  await panel.getByLabel('Magnet link').fill('not-a-magnet');
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(panel.getByRole('alert')).toContainText('Not a magnet link: expected magnet:?xt=urn:btih:');
  // A malformed magnet link: the input is kept to be corrected, and the message shows a valid one.
  await panel.getByLabel('Magnet link').fill('magnet:?xt=urn:btih:1234');
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(panel.getByRole('alert')).toContainText('magnet:?xt=urn:btih:<40 hex or 32 base32 chars>');
  await expect(panel.getByLabel('Magnet link')).toHaveValue('magnet:?xt=urn:btih:1234');

  await panel.getByLabel('Magnet link').fill(`magnet:?xt=urn:btih:${HASH}&dn=ubuntu-test`);
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  const row = panel.locator(`tr[data-infohash="${HASH}"]`);
  await expect(row).toContainText('fetching metadata');
  await expect(panel.getByLabel('Magnet link')).toHaveValue(''); // added: the input is cleared
  await expect.poll(async () => (await host.torrentControl?.list())?.map((t) => t.infoHash)).toEqual([HASH]);

  // The host checks a .torrent file and says what is wrong; the session keeps running.
  await panel.locator('input[type=file]').setInputFiles({
    name: 'broken.torrent',
    mimeType: 'application/x-bittorrent',
    buffer: Buffer.from('d4:infoi42ee'),
  });
  await expect(panel.getByRole('alert')).toHaveText(
    'broken.torrent is not a .torrent file: its “info” part is not a dictionary: the file is damaged.',
  );
  await expect(row).toBeVisible();

  // The actions work on the selected rows.
  await row.click();
  await panel.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(row).toContainText('paused');
  await panel.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(row).not.toContainText('paused');
  await page.screenshot({ path: `${process.env.SHOTS_DIR ?? 'test-results'}/torrents.png`, fullPage: false });

  await panel.getByRole('button', { name: 'Remove…' }).click();
  await panel.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(panel.getByText('No torrents yet.')).toBeVisible();
  expect(await host.torrentControl?.list()).toEqual([]);
});
