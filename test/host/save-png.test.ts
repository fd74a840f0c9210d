import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AskWhere, handleSavePng, type SaveDialogOptions, safePngName } from '../../src/main/electron/save-png';
import { encodePng } from '../../src/main/report/png';
import { cleanTempDirs, tempDir } from '../sessions/helpers';

/*
 * The desktop's save-PNG channel in main. Electron's save dialog is the one stand-in (no
 * Electron binary here): it records what it was asked and answers with a path or a cancel.
 * Files are real.
 */

afterAll(cleanTempDirs);

const png = encodePng({ width: 2, height: 1, pixels: new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]) });

function dialogAnswering(answer: { canceled: boolean; filePath?: string }) {
  const asked: SaveDialogOptions[] = [];
  const ask: AskWhere = async (o) => {
    asked.push(o);
    return answer;
  };
  return { ask, asked };
}

describe('save PNG (desktop)', () => {
  it('asks where with a safe .png name, then writes exactly the bytes', async () => {
    const dir = tempDir();
    const file = join(dir, 'report.png');
    const d = dialogAnswering({ canceled: false, filePath: file });
    const r = await handleSavePng({ suggestedName: '../../etc/Run A: 24 h', bytes: png }, d.ask);
    expect(r).toEqual({ ok: true, path: file });
    expect(d.asked[0]?.defaultPath).toBe('etc-Run-A-24-h.png');
    expect(d.asked[0]?.filters).toEqual([{ name: 'PNG image', extensions: ['png'] }]);
    expect(readFileSync(file).equals(Buffer.from(png))).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.png']); // no temporary left behind
  });

  it('a cancelled dialog writes nothing and is not an error', async () => {
    const d = dialogAnswering({ canceled: true });
    expect(await handleSavePng({ suggestedName: 'x.png', bytes: png }, d.ask)).toEqual({ ok: true, path: null });
  });

  it('refuses what is not a save request or not a PNG, without asking', async () => {
    const d = dialogAnswering({ canceled: false, filePath: '/tmp/never.png' });
    expect(await handleSavePng({ suggestedName: 'x', bytes: 'not bytes' }, d.ask)).toEqual({
      ok: false,
      error: 'invalid save request',
    });
    expect(await handleSavePng({ suggestedName: 'x', bytes: png, path: '/etc/passwd' }, d.ask)).toMatchObject({
      ok: false,
    });
    expect(
      await handleSavePng({ suggestedName: 'x', bytes: new TextEncoder().encode('GIF89a and more') }, d.ask),
    ).toEqual({ ok: false, error: 'the image is not a PNG' });
    expect(d.asked).toHaveLength(0);
    expect(existsSync('/tmp/never.png')).toBe(false);
  });

  it('says which file could not be written, and leaves an existing file whole', async () => {
    const dir = tempDir();
    const blocked = join(dir, 'no-such-folder', 'r.png');
    expect(
      await handleSavePng(
        { suggestedName: 'r', bytes: png },
        dialogAnswering({ canceled: false, filePath: blocked }).ask,
      ),
    ).toEqual({
      ok: false,
      error: `${blocked}: ENOENT`,
    });
    const existing = join(dir, 'old.png');
    writeFileSync(existing, 'old contents');
    const r = await handleSavePng(
      { suggestedName: 'r', bytes: png },
      dialogAnswering({ canceled: false, filePath: existing }).ask,
    );
    expect(r).toEqual({ ok: true, path: existing });
    expect(readFileSync(existing).equals(Buffer.from(png))).toBe(true);
  });

  it('names files sensibly', () => {
    expect(safePngName('tidegauge-report')).toBe('tidegauge-report.png');
    expect(safePngName('A.PNG')).toBe('A.PNG');
    expect(safePngName('...')).toBe('tidegauge-report.png');
  });
});
