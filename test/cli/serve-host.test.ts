import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StatsHost } from '../../src/main/live/statsHost';
import { startWebShell, type WebShell } from '../../src/main/web/WebShell';
import { cleanTempDirs, tempDir } from '../sessions/helpers';

/*
 * `serve --host ADDR` prints the shell's URL: it must work for the address bound (the Host
 * check accepts it, not only 127.0.0.1/localhost), and carry a token unless the address is
 * 127.0.0.1 or ::1.
 */

afterAll(cleanTempDirs);

async function shellOn(bind: string): Promise<{ shell: WebShell; host: StatsHost }> {
  const staticDir = join(tempDir(), 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Tidegauge</title>');
  const host = new StatsHost({ intervalMs: 1000 });
  return { shell: await startWebShell({ host, staticDir, bind, port: 0 }), host };
}

/** GET with a chosen Host header (fetch does not let a page set one). */
function get(target: string, hostHeader?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(target, { headers: hostHeader ? { host: hostHeader } : {} }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve --host: the printed URL works for the address bound', () => {
  it('127.0.0.2: the URL carries a token and is answered 200; other Host headers still 421', async () => {
    const { shell, host } = await shellOn('127.0.0.2');
    try {
      expect(shell.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.2:${shell.port}/\\?token=[\\w-]{20,}$`));
      expect(await get(shell.url)).toBe(200);
      expect(await get(`http://127.0.0.2:${shell.port}/api/v1/session/info?token=${shell.token}`)).toBe(200);
      expect(await get(`http://127.0.0.2:${shell.port}/`)).toBe(401);
      expect(await get(shell.url, `evil.example:${shell.port}`)).toBe(421);
      expect(await get(shell.url, `127.0.0.2:${shell.port + 1}`)).toBe(421);
    } finally {
      await shell.close();
      await host.stop();
    }
  });

  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '[::1]'],
  ])('%s: no token needed, the URL is answered 200', async (bind, shown) => {
    const { shell, host } = await shellOn(bind);
    try {
      expect(shell.url).toBe(`http://${shown}:${shell.port}/`);
      expect(shell.token).toBeNull();
      expect(await get(shell.url)).toBe(200);
      expect(await get(shell.url, `localhost:${shell.port}`)).toBe(200);
    } finally {
      await shell.close();
      await host.stop();
    }
  });
});
