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

  it('exports the registry as data in index order', () => {
    const reg = builtinRegistry();
    expect(reg.map((e) => e.name)).toEqual(rows.map((r) => r[2]));
    expect(reg[55]).toMatchObject({ name: 'bw.upload_rate', kind: 'gauge', unit: 'B/s' });
  });
});
