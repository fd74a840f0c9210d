import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/dispatch/Dispatcher';
import { StatsHost } from '../../src/main/live/statsHost';
import { SavedConnections } from '../../src/main/sources/savedConnections';
import { cleanTempDirs, tempDir } from '../sessions/helpers';
import { type Served, SteadySource, serveHost, until } from './helpers';

/*
 * Switching source through the dispatcher (what every shell sends): a bad address and a wrong
 * token are refusals naming what failed while the host keeps its stream; a good one switches and
 * is remembered, its token only in the 0600 file; testSource answers with what answered.
 */

const TOKEN = 'switch-token-0123456789';
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
});
afterAll(cleanTempDirs);

async function setup(): Promise<{
  served: Served;
  host: StatsHost;
  dispatcher: ReturnType<typeof createDispatcher>;
  file: string;
}> {
  const served = await serveHost(new SteadySource(), { token: TOKEN });
  stops.push(() => served.close());
  const host = new StatsHost({ intervalMs: 200 });
  stops.push(() => host.stop());
  await host.start();
  const file = join(tempDir(), 'connections.json');
  const dispatcher = createDispatcher({ host, sources: { saved: new SavedConnections(file) } });
  return { served, host, dispatcher, file };
}

describe('setSource / testSource through the dispatcher', () => {
  it('a bad address: 400 naming the forms that work; nothing changes', async () => {
    const { host, dispatcher } = await setup();
    const a = await dispatcher.command({ type: 'setSource', address: 'ftp://x' });
    expect(a).toMatchObject({ ok: false, status: 400 });
    expect(!a.ok && a.error).toMatch(/no source kind "ftp:".*tidegauge:\/\/host:7420/);
    expect(host.sourceInfo).toBeNull();
  });

  it('a wrong token: refused with the reason; the host keeps sampling', async () => {
    const { served, host, dispatcher } = await setup();
    const a = await dispatcher.command({
      type: 'setSource',
      address: `tidegauge://127.0.0.1:${served.shell.port}`,
      credentials: { token: 'not-the-token-00000' },
    });
    expect(a).toMatchObject({ ok: false, status: 502 });
    expect(!a.ok && a.error).toMatch(/refused the request \(HTTP 401\): check the access token/);
    expect(!a.ok && a.error).not.toContain('not-the-token');
    expect(host.sample().seq).toBeGreaterThan(0);
  });

  it('a good address switches, is remembered without its token on view; the file is 0600', async () => {
    const { served, host, dispatcher, file } = await setup();
    const address = `tidegauge://127.0.0.1:${served.shell.port}`;
    const test = await dispatcher.command({ type: 'testSource', address, credentials: { token: TOKEN } });
    expect(test).toMatchObject({ ok: true, reply: { type: 'sourceTest', ok: true, address } });
    expect(test.ok && test.reply && 'message' in test.reply && test.reply.message).toMatch(/^Tidegauge .* answers at/);
    const a = await dispatcher.command({ type: 'setSource', address: `${address}?token=${TOKEN}` });
    expect(a).toEqual({ ok: true });
    await until('live', () => host.state().health?.state === 'live');
    expect(host.state().recentSources).toEqual([expect.objectContaining({ address, hasCredentials: true })]);
    expect(JSON.stringify(host.hello())).not.toContain(TOKEN);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(TOKEN);
    // Next time the address alone connects: the kept token is used.
    await dispatcher.command({ type: 'setSource', address: 'none:' });
    expect(host.sourceInfo).toBeNull();
    expect(await dispatcher.command({ type: 'setSource', address })).toEqual({ ok: true });
    await until('live again', () => host.state().health?.state === 'live');
  });
});
