import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/main/report/capture';
import type { CaptureDriver } from '../../src/main/report/driver';
import { cleanTempDirs, tempDir } from '../sessions/helpers';
import { writeShaped } from './sessions';

/*
 * renderReport reads the files while the browser starts. When either side fails, the user
 * sees that failure, and nothing (a web shell, a reader) is left to keep the process alive.
 */

afterAll(cleanTempDirs);

const servers = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

describe('renderReport when something fails', () => {
  let file: string;
  let broken: string;
  beforeAll(async () => {
    const dir = tempDir();
    file = await writeShaped(dir, { rows: 600, id: 'ok', title: 'OK' });
    broken = join(dir, 'broken.arrow');
    writeFileSync(broken, 'not a session');
  });

  it('a browser that fails at once: its error, and no web shell left serving', async () => {
    const before = servers();
    const driver: CaptureDriver = {
      renderer: 'chromium',
      path: '/stand-in',
      capture: async () => {
        throw new Error('the browser exited (code 1)');
      },
    };
    await expect(renderReport({ files: [file], driver })).rejects.toThrow('the browser exited (code 1)');
    // The reading went on after the browser failed: give it time to (wrongly) start a shell.
    await new Promise((r) => setTimeout(r, 300));
    expect(servers()).toBe(before);
  });

  it('a file that cannot be read: the reading error names it, the browser is released', async () => {
    const before = servers();
    let released = false;
    const driver: CaptureDriver = {
      renderer: 'chromium',
      path: '/stand-in',
      capture: async ({ url }) => {
        try {
          await url;
          throw new Error('unreachable: the page should not be ready');
        } finally {
          released = true;
        }
      },
    };
    await expect(renderReport({ files: [file, broken], driver })).rejects.toThrow(/broken\.arrow/);
    expect(released).toBe(true);
    expect(servers()).toBe(before);
  });
});
