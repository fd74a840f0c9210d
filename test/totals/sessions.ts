import type { RegistryEntry } from '../../src/shared/registry-types';
import { ColumnBuilder, type SessionData } from '../../src/shared/session/data';
import type { SessionMeta } from '../../src/shared/session/meta';
import { makeMeta } from '../sessions/helpers';

/*
 * Sessions made by the totals tests, with every counter step kept beside them so the tests can
 * add the bytes up their own way. Times are whole seconds; a step is what moved in the second
 * before its sample, so an interval never straddles a midnight that falls on a whole second.
 */

export const REGISTRY: RegistryEntry[] = [
  { name: 'net.bytes_sent', kind: 'counter', unit: 'B', category: 'network' } as RegistryEntry,
  { name: 'net.bytes_recv', kind: 'counter', unit: 'B', category: 'network' } as RegistryEntry,
  { name: 'net.num_connections', kind: 'gauge', unit: 'count', category: 'network' } as RegistryEntry,
];

export interface Step {
  /** The interval (from, to], ms epoch. */
  readonly from: number;
  readonly to: number;
  readonly down: number;
  readonly up: number;
}

export interface MadeSession {
  readonly data: SessionData;
  readonly steps: readonly Step[];
}

export interface Plan {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  /** Sample times (ms epoch) after which the engine restarts: its counters start again from 0. */
  readonly resetsAfter?: readonly number[];
  /** [from, to): no sample in between (the source was unreachable). */
  readonly gaps?: readonly (readonly [number, number])[];
  /** Counter values at the first sample (a remote engine that has been running). */
  readonly initial?: number;
}

export const meta = (id: string, startedAt: number): SessionMeta =>
  makeMeta(REGISTRY, { id, startedAt, source: { kind: 'test', label: 'Totals test' }, notReported: {} });

/** Bytes moved in the second that ends at t: varied so that sums and peaks differ per bucket. */
export const downAt = (t: number) => 1000 + ((t / 1000) % 17) * 100 + (Math.floor(t / 3_600_000) % 5) * 7;
export const upAt = (t: number) => 300 + ((t / 1000) % 5) * 40;

export function makeSession(p: Plan): MadeSession {
  const b = new ColumnBuilder(REGISTRY.length, Math.ceil((p.end - p.start) / 1000) + 1);
  const steps: Step[] = [];
  let down = p.initial ?? 0;
  let up = p.initial ?? 0;
  let prevT: number | null = null;
  const inGap = (t: number) => (p.gaps ?? []).some(([a, z]) => t >= a && t < z);
  for (let t = p.start; t <= p.end; t += 1000) {
    if (inGap(t)) continue;
    let d = 0;
    let u = 0;
    if (prevT !== null) {
      // Every second of the interval moved bytes, gap or not: a gap hides when, not whether.
      for (let s = prevT + 1000; s <= t; s += 1000) {
        d += downAt(s);
        u += upAt(s);
      }
      if (p.resetsAfter?.includes(prevT)) {
        down = 0;
        up = 0;
      }
      down += d;
      up += u;
      steps.push({ from: prevT, to: t, down: d, up: u });
    }
    b.push(t, false, [up, down, 5]);
    prevT = t;
  }
  return { data: b.build(meta(p.id, p.start)), steps };
}
