import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureZstd } from '../../src/main/storage/zstd';
import type { TotalsReport } from '../../src/shared/totals/report';
import { ensureBuilt, ROOT } from '../helpers/processes';
import { cleanTempDirs, recordSession, tempDir } from '../sessions/helpers';
import { type Expected, expected, MIDNIGHTS, sessionA, sessionB, TZ, Z } from './berlin';
import { expectDays } from './expectDays';

/*
 * `tidegauge totals` as a user runs it: the built CLI (bin/tidegauge.js) in its own process,
 * over session files our recorder's writer wrote, in a zone given by --tz while the process's
 * own TZ says another, against sums the test makes from the counter steps.
 */

const A = sessionA();
const B = sessionB();
let data: string;

function totals(args: string[], env: NodeJS.ProcessEnv = { TZ: 'America/New_York' }) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'tidegauge.js'), 'totals', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  ensureBuilt();
  await ensureZstd();
  data = tempDir();
  const dir = join(data, 'sessions');
  mkdirSync(dir);
  for (const [id, s] of [
    ['a', A],
    ['b', B],
  ] as const) {
    const w = recordSession(join(dir, `${id}.arrow`), s.data, { journal: true });
    await w.close();
  }
});
afterAll(cleanTempDirs);

describe('tidegauge totals (built CLI, real files)', () => {
  const want = expected([...A.steps, ...B.steps]);

  it('--json: per Berlin day, the bytes, covered time and peaks the test added up', () => {
    const r = totals(['--by', 'day', '--tz', TZ, '--json', data]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as TotalsReport;
    expect(j.tz).toBe(TZ);
    expectDays(j.rows, want.days);
    expect(j.resets).toBe(1);
    expect(j.unattributed.map((u) => [u.from, u.to, u.downloaded])).toEqual(
      want.apart.map((s) => [s.from, s.to, s.down]),
    );
    expect(j.sessions.map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('without --tz the machine’s zone is the calendar', () => {
    const given = JSON.parse(totals(['--tz', TZ, '--json', data]).out) as TotalsReport;
    const own = JSON.parse(totals(['--json', data], { TZ }).out) as TotalsReport;
    expect(own.tz).toBe(TZ);
    expect(own.rows).toEqual(given.rows);
    const ny = JSON.parse(totals(['--json', data]).out) as TotalsReport;
    expect(ny.tz).toBe('America/New_York');
    expect(ny.rows.map((x) => x.key)).toEqual(['2024-03-30', '2024-03-31']);
  });

  it('text, --csv and a cap budget with its projection', () => {
    const csv = join(data, 'month.csv');
    const r = totals([
      '--by',
      'month',
      '--tz',
      TZ,
      '--csv',
      csv,
      '--cap',
      '1GiB',
      '--as-of',
      '2024-03-31T12:00:00Z',
      data,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Totals by month, Europe\/Berlin: 2 sessions\./);
    expect(r.out).toMatch(/\n2024-03 +\d/);
    expect(r.out).toMatch(/Budget 1\.0 GiB a month \(2024-03, down \+ up\): used .* by 2024-03-31 14:00/);
    expect(r.out).toMatch(/At this pace .* by the month's end \(2024-04-01 00:00\)/);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^bucket,start,end,downloaded_bytes/);
    const march = [...want.days].filter(([k]) => k < '2024-04-01').reduce((n, [, e]) => n + e.down, 0);
    expect(lines[1]?.split(',').slice(0, 4)).toEqual([
      '2024-03',
      '2024-02-29T23:00:00.000Z',
      '2024-03-31T22:00:00.000Z',
      String(Math.round(march)),
    ]);
    // The CSV is never overwritten without --force.
    const again = totals(['--tz', TZ, '--csv', csv, data]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exists');
  });

  it('--from/--to count only the days asked for', () => {
    const j = JSON.parse(
      totals(['--tz', TZ, '--from', '2024-03-31', '--to', '2024-03-31', '--json', data]).out,
    ) as TotalsReport;
    expect(j.rows.map((x) => x.key)).toEqual(['2024-03-31']);
    expect(j.rows[0]?.downloaded).toBeCloseTo((want.days.get('2024-03-31') as Expected).down, 3);
    expect([j.from, j.to]).toEqual([MIDNIGHTS['2024-03-31'], MIDNIGHTS['2024-04-01']]);
    expect(Z('2024-03-31T00:00:00+01:00')).toBe(j.from);
  });

  it.each([
    [['--by', 'year'], '--by must be day, week or month, got "year"'],
    [['--cap', 'lots'], '--cap must be a size such as 1TiB, 750GB or 5e11, got "lots"'],
    [['--tz', 'Mars/Olympus'], '--tz must be an IANA time zone'],
    [['--period', 'week'], '--period, --cap-counts and --as-of go with --cap SIZE'],
    [['--from', 'yesterday'], '--from must be a date (YYYY-MM-DD) or an ISO 8601 time, got "yesterday"'],
    [['--from', '2024-04-02', '--to', '2024-04-01'], '--to (2024-04-01) is not after --from (2024-04-02)'],
  ])('%j exits 2 naming the problem', (args, message) => {
    const r = totals([...args, data]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain('tidegauge totals --help');
    expect(r.out).toBe('');
  });

  it('no sessions: exit 2 saying where it looked', () => {
    const empty = tempDir();
    writeFileSync(join(empty, 'notes.txt'), 'not a session');
    const r = totals(['--tz', TZ, empty]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`no sessions to count in ${empty}`);
    const out = totals(['--tz', TZ, '--from', '2025-01-01', data]);
    expect(out.code).toBe(2);
    expect(out.err).toContain('no session in');
  });
});
