/** Whether a metric only ever grows (counter) or is a point-in-time value (gauge). */
export type MetricKind = 'counter' | 'gauge';
export const MetricKind = { Counter: 'counter', Gauge: 'gauge' } as const satisfies Record<string, MetricKind>;

export type MetricCategory =
  | 'network'
  | 'disk'
  | 'dht'
  | 'peers'
  | 'protocol'
  | 'bandwidth'
  | 'session'
  | 'diagnostics';

/** Units used by the built-in registry; files from other registries may carry others. */
export type MetricUnit = 'B' | 'B/s' | 'count' | 'us' | 'ms' | 's';

/** yes: position checked against the engine; index: the index is known, the meaning less so; no: unverified. */
export type PositionVerified = 'yes' | 'no' | 'index';

export type MetricRow = readonly [
  index: number,
  constant: string,
  name: string,
  kind: MetricKind,
  category: MetricCategory,
  unit: MetricUnit,
  diagnostic: boolean,
  positionVerified: PositionVerified,
  deprecated: boolean,
  description: string,
];

/** Static metadata of one metric of the built-in registry. */
export interface SessionStatsMetric {
  readonly index: number;
  readonly constant: string;
  readonly name: string;
  readonly kind: MetricKind;
  readonly category: MetricCategory;
  readonly unit: MetricUnit;
  readonly diagnostic: boolean;
  readonly positionVerified: PositionVerified;
  readonly deprecated: boolean;
  readonly description: string;
}

/**
 * One metric as carried inside a stream or a saved file. Only name, kind and unit are
 * required: a file made with another registry (a libtorrent log, an irontide daemon) is
 * still readable, and metrics are matched across registries by name.
 */
export interface RegistryEntry {
  readonly name: string;
  readonly kind: MetricKind;
  readonly unit: string;
  readonly category?: string;
  readonly diagnostic?: boolean;
  readonly deprecated?: boolean;
  readonly description?: string;
  /** An engine's own metric beyond ours (a libtorrent counter), under its name; category is its section. */
  readonly extra?: boolean;
}
