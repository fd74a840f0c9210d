import type { InvariantTally } from '../invariantTally';
import type { RegistryEntry } from '../registry-types';

/* What the rules read and what they give; src/shared/findings.ts runs them. */

/** Samples of one chunk; row 0 repeats the chunk before's last row when `start` is 1. */
export interface Chunk {
  readonly length: number;
  readonly t: ArrayLike<number>;
  readonly columns: readonly ArrayLike<number>[];
  /** First row not seen before: 0 in the first chunk, 1 after (row 0 gives the intervals k-1 → k). */
  readonly start: number;
}

/** A column of the chunk by metric name, or null when the registry lacks it. */
export type ChunkColumn = (name: string) => ArrayLike<number> | null;

export interface FindingsInput {
  readonly registry: readonly RegistryEntry[];
  readonly length: number;
  /** Sample times, ms. */
  readonly t: ArrayLike<number>;
  /** One column per registry entry (NaN: not reported). */
  readonly columns: readonly ArrayLike<number>[];
  /** The session's own rate caps, bytes/s (absent or null: none, or not known). */
  readonly limits?: RateLimits;
  /**
   * The invariants as checked over the same samples (the host's live tally, or a file's):
   * absent, the invariant rule stays silent rather than check bucket means it was not made for.
   */
  readonly invariants?: InvariantTally;
}

export interface RateLimits {
  readonly download?: number | null;
  readonly upload?: number | null;
}

export interface TimeSpan {
  readonly from: number;
  readonly to: number;
}

export interface Finding {
  /** Stable id of the rule, e.g. "hashfail-share". */
  readonly rule: string;
  readonly severity: 'warning' | 'info';
  readonly title: string;
  /** What was measured, with the numbers, in one sentence. */
  readonly measured: string;
  /** Why it matters, in one sentence. */
  readonly why: string;
  /** The metrics the rule read. */
  readonly metrics: readonly string[];
  /** The measured value and the rule's threshold, in the same unit. */
  readonly value: number;
  readonly threshold: number;
  /** Where it holds (ms, as the input's t). */
  readonly ranges: readonly TimeSpan[];
}

/** What a rule knows once every chunk is in. */
export interface RuleEnd {
  /** Samples in the session. */
  readonly length: number;
  /** Whether the registry has the metric and its last sample is reported (columnsByName's test). */
  reported(name: string): boolean;
  readonly invariants?: InvariantTally;
}

/** A rule run over a session chunk by chunk (stream.ts): its finding at the end, or null. */
export interface RuleRun {
  feed(c: Chunk, col: ChunkColumn): void;
  finish(end: RuleEnd): Finding | null;
}

/** A rule: a fresh run for a session with these caps. */
export type Rule = (limits: RateLimits | undefined) => RuleRun;
