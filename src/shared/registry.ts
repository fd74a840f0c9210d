import { M, METRIC_ROWS } from './registry-data';
import type { RegistryEntry, SessionStatsMetric } from './registry-types';

export * from './registry-types';

/** Total number of metrics in the built-in registry. */
export const NUM_METRICS = 99;
/** Metrics at or above this index only move while diagnostics are enabled. */
export const DIAGNOSTIC_COUNTERS_START = 70;

const METRICS: readonly SessionStatsMetric[] = Object.freeze(
  METRIC_ROWS.map(
    ([index, constant, name, kind, category, unit, diagnostic, positionVerified, deprecated, description]) =>
      Object.freeze({
        index,
        constant,
        name,
        kind,
        category,
        unit,
        diagnostic,
        positionVerified,
        deprecated,
        description,
      }),
  ),
);

if (METRICS.length !== NUM_METRICS) throw new Error(`registry has ${METRICS.length} rows, expected ${NUM_METRICS}`);

const BY_NAME = new Map(METRICS.map((m) => [m.name, m]));
const BY_CONSTANT = new Map(METRICS.map((m) => [m.constant, m]));

/** Static metadata for all session metrics, in index order. */
export function sessionStatsMetrics(): readonly SessionStatsMetric[] {
  return METRICS;
}

export function metricByName(name: string): SessionStatsMetric | undefined {
  return BY_NAME.get(name);
}

export function metricByConstant(constant: string): SessionStatsMetric | undefined {
  return BY_CONSTANT.get(constant);
}

/** Index of a built-in metric by its dotted name; throws for an unknown name (a typo is a bug). */
export function metricIndex(name: string): number {
  const m = BY_NAME.get(name);
  if (!m) throw new Error(`unknown metric name "${name}"`);
  return m.index;
}

/** The built-in registry in the form streams and files carry it. */
export function builtinRegistry(): RegistryEntry[] {
  return METRICS.map((m) => ({
    name: m.name,
    kind: m.kind,
    unit: m.unit,
    category: m.category,
    diagnostic: m.diagnostic,
    deprecated: m.deprecated,
    description: m.description,
  }));
}

export { M };
