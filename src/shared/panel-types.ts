/*
 * The shapes of the dashboards-as-data (panels.ts holds the data): their own module so that
 * panels-libtorrent.ts, whose panels panels.ts lists, can be typed without an import circle.
 */

export type SectionId = 'bandwidth' | 'peers' | 'session' | 'dht' | 'disk' | 'protocol' | 'diagnostics' | 'libtorrent';

export interface SectionDef {
  readonly id: SectionId;
  readonly title: string;
  readonly description: string;
  /** Only counted while diagnostics are on. */
  readonly diagnostic?: boolean;
  /** Shown only where one of its panels is (an engine's own metrics: libtorrent's). */
  readonly whenPresent?: boolean;
}

/**
 * What the y axis shows in the default mode: 'B/s' bytes per second, '/s' events per second,
 * 'count' a plain number, 'ratio' 0..1 shown as %, 'B' bytes, 'us' / 'ms' / 's' durations.
 */
export type PanelUnit = 'B/s' | '/s' | 'count' | 'ratio' | 'B' | 'us' | 'ms' | 's';

export type PanelSeriesDef =
  | { readonly metric: string; readonly label: string }
  | { readonly derived: string; readonly label: string };

export interface PanelDef {
  readonly id: string;
  readonly title: string;
  readonly section: SectionId;
  readonly unit: PanelUnit;
  /** line: one line per series; stacked: areas stacked (parts of a whole). */
  readonly chart: 'line' | 'stacked';
  readonly series: readonly PanelSeriesDef[];
  /** Counter panels start as rates unless this says cumulative. */
  readonly defaultMode?: 'rate' | 'cumulative';
  readonly description?: string;
  /**
   * Shown only when the stream's registry has one of these metrics: an engine's own extras
   * (libtorrent's through Deluge, or a libtorrent log), which other sources have no column for.
   */
  readonly requires?: readonly string[];
}
