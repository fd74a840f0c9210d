import { expect, test } from '@playwright/test';
import { StatsHost } from '../src/main/live/statsHost';
import { rendererDir } from '../src/main/paths';
import { createDefaultSource } from '../src/main/sources/default';
import { startWebShell, type WebShell } from '../src/main/web/WebShell';

// The dashboards against the real embedded engine (a loopback swarm): bytes move and the
// bandwidth panels draw them; metrics the engine cannot report explain themselves.
let host: StatsHost;
let shell: WebShell;

test.beforeAll(async () => {
  host = new StatsHost({ intervalMs: 250, source: createDefaultSource() });
  shell = await startWebShell({ host, staticDir: rendererDir(), port: 0 });
  await host.start();
});

test.afterAll(async () => {
  await shell?.close();
  await host?.stop();
});

test('the embedded engine moves the bandwidth and peer panels', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`${shell.url}#bandwidth`);
  expect(host.state().error).toBeNull();
  const wire = page.getByTestId('panel-bw.wire');
  await expect(wire).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  await wire.getByRole('button', { name: 'Total' }).click();
  await expect(wire.locator('[data-series="Received"] [data-testid=legend-value]')).toHaveText(
    /^[\d.]+ (KiB|MiB|GiB)$/,
    {
      timeout: 60_000,
    },
  );
  await page.getByRole('tab', { name: 'Connections & peers' }).click();
  await expect(page.getByTestId('panel-peers.connections')).toHaveAttribute('data-state', 'ok');
  await page.screenshot({ path: 'test-results/dashboards/engine-peers.png' });
});
