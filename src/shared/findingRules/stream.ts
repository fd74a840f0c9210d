import type { RegistryEntry } from '../registry-types';
import type { Chunk, ChunkColumn, TimeSpan } from './types';

/*
 * The rules run over a session in chunks (a file's record batches one after another), so a
 * month-long session is read with the memory of one batch: each rule keeps running sums and the
 * span it is building, and gives its finding at the end. Fed the whole session as one chunk it
 * is the same code, so the findings of a chunked run are those of a full one, to the bit: the
 * sums are added in sample order in both.
 */

export type { Chunk, ChunkColumn };

export function chunkColumns(registry: readonly RegistryEntry[]): (c: Chunk) => ChunkColumn {
  const index = new Map(registry.map((e, i) => [e.name, i]));
  return (c) => (name) => {
    const i = index.get(name);
    return i === undefined ? null : (c.columns[i] ?? null);
  };
}

/**
 * spans() of scan.ts, one interval at a time, with the filter by length applied as each span
 * closes, and sums (or maxima) over the samples inside the kept spans (t in (from, to], as
 * within() tests): `acc` holds them, added to in sample order; the samples of a span that is
 * dropped, or of a gap after it that no later span bridges, are taken back out by restoring
 * `acc` to what it was before them.
 */
export class SpanScan {
  readonly out: TimeSpan[] = [];
  readonly acc: Float64Array;
  private cur: { from: number; to: number } | null = null;
  private readonly atOpen: Float64Array;
  private readonly atGap: Float64Array;
  private inGap = false;

  constructor(
    private readonly gapMs: number,
    private readonly minMs: number,
    slots = 0,
  ) {
    this.acc = new Float64Array(slots);
    this.atOpen = new Float64Array(slots);
    this.atGap = new Float64Array(slots);
  }

  /**
   * Interval `from` → `to` (t[k-1] → t[k]); `holds` whether the condition does over it. True:
   * sample k lies inside the span being built (or the gap after it), so `add` it to `acc`.
   */
  step(holds: boolean, from: number, to: number): boolean {
    const cur = this.cur;
    if (holds) {
      if (cur && from - cur.to <= this.gapMs) {
        cur.to = to;
        this.inGap = false;
        return true;
      }
      if (cur) this.close();
      this.cur = { from, to };
      this.atOpen.set(this.acc);
      return true;
    }
    if (!cur) return false;
    // Past the gap no later span can bridge back to this one.
    if (to - cur.to > this.gapMs) {
      this.close();
      return false;
    }
    if (!this.inGap) {
      this.atGap.set(this.acc);
      this.inGap = true;
    }
    return true;
  }

  /** Close the span under way (at the end of the session). */
  close(): void {
    const cur = this.cur;
    if (!cur) return;
    if (this.inGap) this.acc.set(this.atGap);
    this.inGap = false;
    if (cur.to - cur.from >= this.minMs) this.out.push({ from: cur.from, to: cur.to });
    else this.acc.set(this.atOpen);
    this.cur = null;
  }
}

/** Running sum of a counter's increases (scan.ts' inc), over the new rows of each chunk. */
export function incSum(c: Chunk, col: ArrayLike<number>, into: number): number {
  let s = into;
  for (let k = Math.max(1, c.start); k < c.length; k++) s += incAt(col, k);
  return s;
}

export function incAt(c: ArrayLike<number>, k: number): number {
  const a = c[k - 1] as number;
  const b = c[k] as number;
  if (Number.isNaN(a) || Number.isNaN(b)) return 0;
  const d = b - a;
  return d >= 0 ? d : b;
}
