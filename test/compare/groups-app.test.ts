import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli/index';
import { StatsHost } from '../../src/main/live/statsHost';
import { rendererDir } from '../../src/main/paths';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import { startWebShell, type WebShell } from '../../src/main/web/WebShell';
import { httpLibrary } from '../../src/renderer/src/api/library';
import { loadGroups } from '../../src/renderer/src/groups/groupsData';
import type { GroupsJson } from '../../src/shared/compare/groupsJson';
import type { SpanMode } from '../../src/shared/compare/span';
import { captureConsole } from '../helpers/console';
import { KiB, runsAt, writeRuns } from '../helpers/groupRuns';
import { cleanTempDirs, tempDir } from '../sessions/helpers';

/*
 * The Groups view's data path (each session's figures from a real host over HTTP, joined in
 * the page) against `tidegauge compare A… --vs B… --json` on the same files: the same numbers.
 * Ground truth: 3 runs against 3 of the same nominal rate (an A/A test) read "no significant
 * difference" on every headline figure; 3 runs at twice the rate read "faster", with intervals
 * that contain the true ratio. Group F's runs stay on 60 s longer (seeding, idle): over the full
 * span its total downloaded per second is lower, over the common span it is not.
 */

const A = runsAt('a', 100 * KiB, 3, 60);
const SAME = runsAt('s', 100 * KiB, 3, 60).map((r, k) => ({ ...r, rate: ([102, 98, 101][k] as number) * KiB }));
const FAST = runsAt('f', 200 * KiB, 3, 120);
for (const r of SAME) Object.assign(r, { doneS: (4800 * KiB) / r.rate });

let dataDir: string;
let files: Map<string, string>;
let host: StatsHost;
let shell: WebShell;
const { out } = captureConsole();

beforeAll(async () => {
  dataDir = tempDir();
  files = await writeRuns(dataDir, [...A, ...SAME, ...FAST]);
  host = new StatsHost({});
  shell = await startWebShell({
    host,
    staticDir: rendererDir(),
    port: 0,
    library: { library: new SessionLibrary(dataDir) },
  });
});
afterAll(async () => {
  await shell?.close();
  await host?.stop();
  cleanTempDirs();
});

const ids = (runs: readonly { id: string }[]) => runs.map((r) => r.id);

/** The view's figures: what GroupsView shows, loaded from the host as the page loads them. */
async function view(a: readonly { id: string }[], b: readonly { id: string }[], span: SpanMode): Promise<GroupsJson> {
  const u = new URL(shell.url);
  return JSON.parse(JSON.stringify(await loadGroups(httpLibrary(u), ids(a), ids(b), span)));
}

async function cli(a: readonly { id: string }[], b: readonly { id: string }[], span: SpanMode): Promise<GroupsJson> {
  const path = (r: { id: string }) => files.get(r.id) as string;
  out.length = 0;
  expect(await main(['compare', ...a.map(path), '--vs', ...b.map(path), '--json', '--span', span])).toBe(0);
  return JSON.parse(out.join('\n'));
}

function expectSameFigures(v: GroupsJson, c: GroupsJson) {
  expect(v.headline).toEqual(c.headline);
  expect(v.metrics).toEqual(c.metrics);
  expect(v.span).toEqual(c.span);
  expect(v.settingsDiff).toEqual(c.settingsDiff);
  expect(v.sessions.a.map((s) => s.spanS)).toEqual(c.sessions.a.map((s) => s.spanS));
}

const row = (j: GroupsJson, id: string) => j.headline.find((h) => h.figure === id) as GroupsJson['headline'][number];

describe('the Groups view and the CLI', () => {
  it('agree on an A/A comparison, which finds no difference on any headline figure', async () => {
    const [v, c] = [await view(A, SAME, 'full'), await cli(A, SAME, 'full')];
    expectSameFigures(v, c);
    const judged = v.headline.filter((h) => h.verdict !== null);
    expect(judged.map((h) => h.figure)).toEqual(
      expect.arrayContaining(['time_to_complete', 'payload_down_active', 'waste_share']),
    );
    for (const h of judged) expect([h.figure, h.text]).toEqual([h.figure, 'no significant difference']);
  });

  it('agree on twice the rate: faster, with intervals that contain the true ratio', async () => {
    const [v, c] = [await view(A, FAST, 'full'), await cli(A, FAST, 'full')];
    expectSameFigures(v, c);
    const rate = row(v, 'payload_down_active');
    expect(rate.verdict).toBe('better');
    expect(rate.text).toMatch(/^faster by \d+ % \(\d+–\d+ %\)$/);
    expect(rate.change?.relLow).toBeLessThanOrEqual(1);
    expect(rate.change?.relHigh).toBeGreaterThanOrEqual(1);
    const time = row(v, 'time_to_complete');
    expect(time.verdict).toBe('better');
    expect(time.text).toMatch(/^faster by/);
    expect(time.change?.relLow).toBeLessThanOrEqual(-0.5);
    expect(time.change?.relHigh).toBeGreaterThanOrEqual(-0.5);
    expect(time.medianA).toBeCloseTo(48, 0);
    expect(time.medianB).toBeCloseTo(24, 0);
  });

  it('agree over the common span, where a longer idle tail no longer dilutes a total per second', async () => {
    const perSecond = (j: GroupsJson) => j.metrics.find((m) => m.metric === 'bw.total_downloaded');
    const full = await view(A, FAST, 'full');
    // 4,800 KiB over 60 s against over 120 s: half the bytes per second of the span.
    expect(perSecond(full)?.verdict).toBe('worse');
    expect(perSecond(full)?.change?.rel).toBeCloseTo(-0.5, 2);
    const [v, c] = [await view(A, FAST, 'common'), await cli(A, FAST, 'common')];
    expectSameFigures(v, c);
    expect(v.span).toEqual({ mode: 'common', seconds: 60 });
    expect(v.sessions.b.map((s) => s.spanS)).toEqual([60, 60, 60]);
    expect(perSecond(v)?.verdict).toBe('no difference');
    // The headline figures do not depend on the tail.
    expect(row(v, 'payload_down_active').text).toBe(row(full, 'payload_down_active').text);
  });

  it('compares 2 sessions over the common span in the compare view’s summary as the CLI does', async () => {
    const api = httpLibrary(new URL(shell.url));
    const pair = [A[0]?.id, FAST[0]?.id] as string[];
    const total = (c: Awaited<ReturnType<typeof api.compare>>, k: number) => {
      const f = c.comparison.rows.find((r) => r.name === 'bw.total_downloaded')?.sessions[k];
      return typeof f === 'object' ? f.total : null;
    };
    const full = await api.compare(pair);
    expect(full.comparison.sessions.map((s) => s.spanS)).toEqual([60, 120]);
    const common = await api.compare(pair, { span: 'common' });
    expect(common.comparison.sessions.map((s) => s.spanS)).toEqual([60, 60]);
    expect([total(common, 0), total(common, 1)]).toEqual([4800 * KiB, 4800 * KiB]);
    out.length = 0;
    const paths = pair.map((id) => files.get(id) as string);
    expect(await main(['compare', ...paths, '--span', 'common', '--json'])).toBe(0);
    const cliJson = JSON.parse(out.join('\n'));
    expect(cliJson.span).toEqual({ mode: 'common', seconds: 60 });
    expect(cliJson.headline.map((h: { vs: ({ text: string } | null)[] }) => h.vs[1]?.text)).toEqual(
      common.headline.map((h) => h.vs[1]?.text),
    );
    // Every total also per second of the span.
    const dl = cliJson.entries.find(
      (e: { metric: string; session: number }) => e.metric === 'bw.total_downloaded' && e.session === 2,
    );
    expect(dl.perSecond).toBeCloseTo((4800 * KiB) / 60, 6);
  });
});
