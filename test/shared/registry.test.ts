import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  builtinRegistry,
  DIAGNOSTIC_COUNTERS_START,
  M,
  metricByName,
  metricIndex,
  NUM_METRICS,
  sessionStatsMetrics,
} from '../../src/shared/registry';
import { specDir } from '../helpers/spec';

const tsv = readFileSync(join(specDir(), 'metrics.tsv'), 'utf8').trimEnd().split('\n');
const [header, ...rows] = tsv.map((l) => l.split('\t'));

describe('registry', () => {
  it('has the TSV header we were written against', () => {
    expect(header).toEqual([
      'index',
      'constant',
      'name',
      'kind',
      'category',
      'unit',
      'diagnostic',
      'position_verified',
      'deprecated',
    ]);
  });

  it('matches metrics.tsv row by row', () => {
    const metrics = sessionStatsMetrics();
    expect(rows).toHaveLength(NUM_METRICS);
    expect(metrics).toHaveLength(NUM_METRICS);
    rows.forEach((r, i) => {
      const m = metrics[i];
      expect(m, `row ${i}`).toBeDefined();
      expect([
        String(m?.index),
        m?.constant,
        m?.name,
        m?.kind,
        m?.category,
        m?.unit,
        m?.diagnostic ? 'yes' : 'no',
        m?.positionVerified,
        m?.deprecated ? 'yes' : 'no',
      ]).toEqual(r);
      expect(M[m?.constant as keyof typeof M]).toBe(i);
    });
  });

  it('marks exactly the slots from DIAGNOSTIC_COUNTERS_START as diagnostic', () => {
    expect(DIAGNOSTIC_COUNTERS_START).toBe(70);
    for (const m of sessionStatsMetrics()) expect(m.diagnostic).toBe(m.index >= DIAGNOSTIC_COUNTERS_START);
  });

  it('has 8 categories and unique names', () => {
    const metrics = sessionStatsMetrics();
    expect(new Set(metrics.map((m) => m.category)).size).toBe(8);
    expect(new Set(metrics.map((m) => m.name)).size).toBe(NUM_METRICS);
  });

  it('looks metrics up by name', () => {
    expect(metricByName('dispatch.acquire_total')?.index).toBe(74);
    expect(metricIndex('bw.payload_download_rate')).toBe(62);
    expect(metricByName('no.such_metric')).toBeUndefined();
    expect(() => metricIndex('no.such_metric')).toThrow(/unknown metric name "no.such_metric"/);
  });

  it('carries descriptions from the module text', () => {
    expect(metricByName('first_block.latency_sum_us')?.description).toMatch(/remote-unchoke to first Piece block/);
    expect(sessionStatsMetrics().every((m) => m.description.length > 10)).toBe(true);
  });

  // The module text is rustdoc's rendering, which glued `code` spans to the words around them.
  it.each([
    ['dispatch.acquire_total', 'Total AcquirePiece requests handled (counter).'],
    ['dispatch.acquire_none_total', 'Total AcquirePiece requests returning NoneAvailable (counter).'],
    ['dispatch.acquire_rtt_us', 'Cumulative AcquirePiece round-trip microseconds (counter).'],
    ['dispatch.notify_wakeup_total', 'Total reservation_notify wakeups fired (counter).'],
    ['dispatch.notify_wait_us', 'Cumulative microseconds peers spent waiting on piece_notify (counter).'],
    ['peer.lifetime_count', 'Number of peer disconnects contributing to PEER_LIFETIME_SUM_MS (counter).'],
  ])('keeps the spaces around code spans: %s', (name, description) => {
    expect(metricByName(name)?.description).toBe(description);
  });

  it('keeps code spans inside longer texts spaced, and identifiers uncapitalised', () => {
    const walk = metricByName('dispatch.walk_skipped')?.description ?? '';
    expect(walk).toMatch(/^acquire_piece calls whose Phase 2 linear walk over order_map\.order was short-circuited/);
    expect(walk).toContain('does not intersect queue_pieces (counter). Ratio against DISPATCH_ACQUIRE_TOTAL reveals');
    expect(walk).toContain('short-circuits these in O(num_pieces / 8) bytes instead of O(num_pieces).');
    expect(metricByName('dispatch.cursor_resumed')?.description).toMatch(
      /from the front of order_map\.order \(counter\)\.$/,
    );
    expect(metricByName('remote.unchoke_duration_sum_ms')?.description).toMatch(
      /Divide by REMOTE_RECHOKE_TOTAL for mean/,
    );
    // Prose against a CONSTANT_NAME or a CamelCase identifier, as the glued texts were.
    const glued = /[a-z][A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Z0-9]_[A-Z0-9_]*[A-Z0-9][a-z(]|[a-z]{2}[A-Z][a-z]+[A-Z]/;
    expect(
      sessionStatsMetrics()
        .filter((m) => glued.test(m.description))
        .map((m) => m.name),
    ).toEqual([]);
  });

  it('is what scripts/gen-registry.py makes of spec/ (regenerate after changing either)', () => {
    const root = join(__dirname, '../..');
    const run = spawnSync('python3', [join(root, 'scripts/gen-registry.py'), join(root, 'spec')], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(readFileSync(join(root, 'src/shared/registry-data.ts'), 'utf8'));
  });

  it('exports the registry as data in index order', () => {
    const reg = builtinRegistry();
    expect(reg.map((e) => e.name)).toEqual(rows.map((r) => r[2]));
    expect(reg[55]).toMatchObject({ name: 'bw.upload_rate', kind: 'gauge', unit: 'B/s' });
  });
});
