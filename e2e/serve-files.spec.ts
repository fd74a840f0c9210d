import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeSessionFile } from '../src/main/storage/sessionExport';
import { knownSession } from './fixtures/sessionsShell';

// The real CLI: `tidegauge serve a.arrow b.arrow` adds both to the library and the first
// browser that connects opens their comparison.
let dir: string;
let child: ChildProcess | null = null;

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tg-serve-files-'));
});
test.afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

function serve(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['bin/tidegauge.js', 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = p;
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL: ${out}`)), 20_000);
    p.stdout?.on('data', (d) => {
      out += String(d);
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    p.stderr?.on('data', (d) => {
      out += String(d);
    });
    p.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

test('serve FILE FILE opens their comparison in the browser, inputs untouched', async ({ page }) => {
  const a = join(dir, 'slow.arrow');
  const b = join(dir, 'fast.arrow');
  await writeSessionFile(knownSession({ id: 'slow', title: 'Slow', rate: 100 * 1024, doneS: 40, seconds: 60 }), a);
  await writeSessionFile(knownSession({ id: 'fast', title: 'Fast', rate: 200 * 1024, doneS: 20, seconds: 60 }), b);
  const before = [readFileSync(a), readFileSync(b)];
  const url = await serve(['--no-source', '--no-record', '--port', '0', '--data-dir', join(dir, 'data'), a, b]);
  await page.goto(url);
  await expect(page).toHaveURL(/#\/compare\//);
  await expect(page.getByTestId('compare')).toBeVisible();
  await expect(page.getByTestId('compare-sessions')).toContainText('Slow');
  await expect(page.getByTestId('compare-sessions')).toContainText('Fast');
  expect([readFileSync(a), readFileSync(b)]).toEqual(before);
});
