import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main/cli/index';
import {
  buildReportModel,
  defaultOptions,
  deltaTable,
  figuresKeyNumbers,
  formatDeltaPct,
  provenance,
  sessionKeyNumbers,
  toLatin1Text,
} from '../../src/renderer/src/report/model';
import { sessionFigures } from '../../src/shared/compare/sessionFigures';
import { formatBytes, formatDuration } from '../../src/shared/format';
import { queryData } from '../../src/shared/session/wire';
import { cleanTempDirs, tempDir } from '../sessions/helpers';
import { shapedSession, writeShaped } from './sessions';

const key = (nums: { id: string; value: string; detail: string }[], id: string) => nums.find((n) => n.id === id);

describe('report model', () => {
  const a = shapedSession({ rows: 600, id: 'a', title: 'A', completeAt: 400 });
  const b = shapedSession({ rows: 600, id: 'b', title: 'B', rate: 8 * 1024 * 1024, completeAt: 300, seed: 2 });
  const reportSession = (d: typeof a) => ({
    id: d.meta.id,
    title: d.meta.title ?? '',
    notes: '',
    tags: [],
    source: d.meta.source,
    data: d,
  });

  it('key numbers: totals, mean and p95 rates and time to complete of the session', () => {
    const nums = sessionKeyNumbers(a);
    const i = a.meta.registry.findIndex((e) => e.name === 'bw.total_downloaded');
    const col = a.columns[i] as Float64Array;
    // Computed here by hand: the counter starts at its first sample's value.
    expect(key(nums, 'down')?.value).toBe(formatBytes((col[a.length - 1] as number) - (col[0] as number)));
    // Completion: the first sample with no downloading torrent, 400 rows of 1 s in.
    expect(key(nums, 'complete')?.value).toBe(formatDuration(400));
    const rates: number[] = [];
    for (let r = 1; r < a.length; r++) rates.push(((col[r] as number) - (col[r - 1] as number)) / 1);
    const mean = rates.reduce((s, x) => s + x, 0) / rates.length;
    expect(key(nums, 'down-rate')?.value).toBe(`${formatBytes(mean)}/s`);
    expect(key(nums, 'down-rate')?.detail).toMatch(/^mean · p95 [\d.]+ MiB\/s$/);
  });

  it('key numbers from the host-computed figures equal those computed from the whole data', () => {
    const half = sessionFigures({ id: 'a', title: 'A', data: a }, { kind: 'start' });
    expect(figuresKeyNumbers(half)).toEqual(sessionKeyNumbers(a));
    // A headless report gets a strided overview for its charts: its key numbers still come
    // from every sample, so they do not change.
    const overview = queryData(a, { points: 60 });
    expect(overview.length).toBeLessThan(80);
    const m = buildReportModel(
      'session',
      [reportSession(overview)],
      defaultOptions(),
      { generatedAt: 1, appVersion: '9.9.9' },
      { figures: half },
    );
    expect(m.keyNumbers[0]).toEqual(sessionKeyNumbers(a));
  });

  it('a comparison: per-session key numbers from compareSessions, delta table coloured by verdict', () => {
    const m = buildReportModel('session', [reportSession(a), reportSession(b)], defaultOptions(), {
      generatedAt: 1,
      appVersion: '9.9.9',
    });
    expect(m.kind).toBe('comparison');
    expect(m.title).toBe('Comparison: A vs B');
    expect(m.keyNumbers).toHaveLength(2);
    const down = m.deltas.find((r) => r.label === 'Downloaded');
    expect(down?.deltas[0]).toBeNull();
    expect(down?.deltas[1]?.verdict).toBe('better');
    expect(key([...(m.keyNumbers[1] ?? [])], 'complete')?.value).toBe(formatDuration(300));
    // Rows after the key ones are changes with a verdict, largest first.
    const rest = deltaTable(m.comparison as NonNullable<typeof m.comparison>).slice(3);
    const sizes = rest.map((r) => Math.abs(r.deltas[1]?.pct ?? 0));
    expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
    for (const r of rest) expect(['better', 'worse']).toContain(r.deltas[1]?.verdict);
  });

  it('formats deltas and keeps provenance Latin-1', () => {
    expect(formatDeltaPct({ abs: 5, pct: 12.345, verdict: 'better' })).toBe('+12.3%');
    expect(formatDeltaPct({ abs: -5, pct: -250, verdict: 'worse' })).toBe('-250%');
    expect(formatDeltaPct({ abs: 0, pct: 0, verdict: 'same' })).toBe('=');
    expect(toLatin1Text('A — B “x” µs ✓')).toBe('A - B "x" µs ?');
    const m = buildReportModel('session', [reportSession(a)], defaultOptions({ panels: ['bw.rate'] }), {
      generatedAt: Date.UTC(2024, 0, 2, 3, 4, 5),
      appVersion: '1.2.3',
      title: 'Run — one',
    });
    expect(provenance(m, 'test')).toMatchObject({
      Title: 'Run - one',
      'Creation Time': '2024-01-02T03:04:05.000Z',
      'tidegauge.app-version': '1.2.3',
      'tidegauge.sessions': 'a',
      'tidegauge.panels': 'bw.rate',
      'tidegauge.tool': 'test',
    });
  });

  it('clamps the width and defaults to the light theme', () => {
    expect(defaultOptions({ width: 10 }).width).toBe(480);
    expect(defaultOptions({ width: 99_999 }).width).toBe(3000);
    expect(defaultOptions().theme).toBe('light');
  });
});

describe('tidegauge report: arguments and failures', () => {
  let dir: string;
  let file: string;
  let err: string[];
  beforeAll(async () => {
    dir = tempDir();
    file = await writeShaped(dir, { rows: 30, id: 'small', title: 'Small' });
  });
  afterAll(() => cleanTempDirs());
  beforeEach(() => {
    err = [];
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());

  it.each([
    [['report'], 'give a session file'],
    [['report', 'x.arrow'], '-o OUT.png'],
    [['report', 'a', 'b', '-o', 'o.png'], 'add --compare'],
    [['report', 'a', '--compare', '-o', 'o.png'], '--compare takes 2 to 4'],
    [['report', 'a', '-o', 'o.png', '--theme', 'pink'], '--theme must be light or dark'],
    [['report', 'a', '-o', 'o.png', '--width', '20'], '--width must be a whole number from 480 to 3000'],
    [['report', 'a', '-o', 'o.png', '--panels', 'bw.rate,nope'], 'unknown panel nope'],
    [['report', 'a', '-o', 'o.png', '--baseline', '1'], '--baseline needs --compare'],
  ])('%j exits 2: %s', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(err.join('\n')).toContain(message);
  });

  it('exits 1 for a missing input, an existing output, or no browser, and writes nothing', async () => {
    const out = join(dir, 'r.png');
    expect(await main(['report', join(dir, 'missing.arrow'), '-o', out])).toBe(1);
    expect(err.join('\n')).toContain('no such file');
    expect(await main(['report', file, '-o', file])).toBe(1);
    expect(err.join('\n')).toContain('already exists (use --force to replace it)');
    const before = statSync(file).mtimeMs;
    expect(readFileSync(file).length).toBeGreaterThan(0);
    expect(statSync(file).mtimeMs).toBe(before);

    vi.stubEnv('TIDEGAUGE_CHROMIUM', join(dir, 'no-browser'));
    expect(await main(['report', file, '-o', out])).toBe(1);
    expect(err.join('\n')).toContain('TIDEGAUGE_CHROMIUM');
    vi.unstubAllEnvs();
    expect(await main(['report', file, '-o', out, '--chromium', join(dir, 'nope')])).toBe(1);
    expect(err.join('\n')).toContain('--chromium');
    expect(existsSync(out)).toBe(false);
  });
});
