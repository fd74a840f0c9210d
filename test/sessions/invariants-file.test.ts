import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knownSession } from '../../e2e/fixtures/sessionsShell';
import { main } from '../../src/main/cli/index';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { sessionInvariants } from '../../src/shared/session/invariants';
import { captureConsole } from '../helpers/console';

const dir = mkdtempSync(join(tmpdir(), 'tg-invariants-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lines = captureConsole();

/*
 * A hand-made file whose payload passes its wire bytes from second 30 on (a source that counts
 * payload twice): every reader finds the violations at those samples, and an honest file of the
 * same download has none.
 */
describe('invariants of a saved session', () => {
  const honest = knownSession({ id: 'honest', title: 'Honest', rate: 100 * 1024, doneS: 40, seconds: 60 });
  const broken = knownSession({
    id: 'broken',
    title: 'Broken',
    rate: 100 * 1024,
    doneS: 40,
    seconds: 60,
    payloadAboveWireFrom: 30,
  });

  it('finds none in an honest file and one per sample where payload passes the wire', () => {
    expect(sessionInvariants(honest)).toEqual({ checked: 61, violations: 0, recent: [], byMetrics: {}, spans: [] });
    const t = sessionInvariants(broken);
    expect(t.checked).toBe(61);
    // Seconds 30..60 have payload at twice the wire bytes (second 0 is 0 = 0).
    expect(t.violations).toBe(31);
    expect(new Set(t.recent.map((v) => v.rule))).toEqual(new Set(['payload-le-wire']));
    expect(t.recent.at(-1)?.t).toBe(broken.t[60]);
  });

  it('`info` prints them, and --json carries them', async () => {
    const file = join(dir, 'broken.arrow');
    await writeSessionFile(broken, file);
    expect(await main(['info', file])).toBe(0);
    const text = lines.out.join('\n');
    expect(text).toMatch(/invariants +61 samples checked, 31 violations/);
    expect(text).toMatch(/violation +\S+ payload-le-wire: bw\.total_downloaded \d+ > net\.bytes_recv/);
    lines.out.length = 0;
    expect(await main(['info', '--json', file])).toBe(0);
    const json = JSON.parse(lines.out.join('\n')) as { invariants: { checked: number; violations: number } };
    expect(json.invariants).toMatchObject({ checked: 61, violations: 31 });
  });
});
