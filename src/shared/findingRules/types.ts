import type { InvariantTally } from '../invariantTally';
import type { RegistryEntry } from '../registry-types';

/* What the rules read and what they give; src/shared/findings.ts runs them. */

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

/** A rule: a finding, or null when its metrics are missing or its evidence does not hold. */
export type Rule = (input: FindingsInput, col: Column) => Finding | null;

/** A column by metric name, or null when the registry lacks it or it is not reported. */
export type Column = (name: string) => ArrayLike<number> | null;
