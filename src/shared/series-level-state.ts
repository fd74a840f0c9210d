/**
 * Everything a level holds, linearised oldest first (columns of `n` points per metric), so a
 * host can hand its history to a page that connects later (src/shared/series-history.ts).
 */
export interface LevelState {
  readonly stepMs: number;
  readonly n: number;
  readonly dropped: boolean;
  readonly t: Float64Array;
  readonly diag: Uint8Array;
  readonly values: Float64Array;
  readonly rates: Float64Array;
  /** The open bucket (count 0: none). */
  readonly open: {
    readonly bucket: number;
    readonly count: number;
    readonly diagCount: number;
    readonly t: number;
    readonly sum: Float64Array;
    readonly last: Float64Array;
  };
}
