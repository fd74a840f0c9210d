/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013): keeps the first and last
 * point and, from each of `threshold - 2` equal buckets in between, the point that makes the
 * largest triangle with the previously kept point and the mean of the next bucket. Peaks and
 * dips survive; a flat line collapses. Used so a chart gets about one point per pixel.
 *
 * NaN marks a gap (e.g. diagnostics were off). A bucket that holds a gap keeps one NaN so the
 * gap survives downsampling; a NaN never serves as the anchor of a triangle.
 *
 * Returns the kept indices, ascending. With threshold >= n (or n < 3) every index is kept.
 */
export function lttb(x: ArrayLike<number>, y: ArrayLike<number>, threshold: number): Uint32Array {
  const n = Math.min(x.length, y.length);
  if (threshold >= n || n < 3 || threshold < 3) {
    if (threshold < 3 && n > 2) return Uint32Array.of(0, n - 1);
    return identity(n);
  }
  const out = new Uint32Array(threshold);
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  let aX = x[0] as number;
  let aY = y[0] as number;
  out[0] = 0;
  for (let b = 0; b < threshold - 2; b++) {
    const start = Math.floor(b * every) + 1;
    const end = Math.floor((b + 1) * every) + 1;
    // Mean of the next bucket (the last point for the final bucket), ignoring gaps.
    const nStart = end;
    const nEnd = Math.min(Math.floor((b + 2) * every) + 1, n);
    let sumX = 0;
    let sumY = 0;
    let cnt = 0;
    for (let i = nStart; i < nEnd; i++) {
      const yi = y[i] as number;
      if (Number.isNaN(yi)) continue;
      sumX += x[i] as number;
      sumY += yi;
      cnt++;
    }
    const avgX = cnt ? sumX / cnt : (x[Math.min(nStart, n - 1)] as number);
    const avgY = cnt ? sumY / cnt : Number.isNaN(aY) ? 0 : aY;
    const anchorY = Number.isNaN(aY) ? avgY : aY;
    let best = start;
    let bestArea = -1;
    let gap = -1;
    for (let i = start; i < end; i++) {
      const yi = y[i] as number;
      if (Number.isNaN(yi)) {
        if (gap < 0) gap = i;
        continue;
      }
      const area = Math.abs((aX - avgX) * (yi - anchorY) - (aX - (x[i] as number)) * (avgY - anchorY));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    a = gap >= 0 ? gap : best;
    out[b + 1] = a;
    aX = x[a] as number;
    aY = y[a] as number;
  }
  out[threshold - 1] = n - 1;
  return out;
}

function identity(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * Downsample several series that share one x axis (the lines of one chart): each series is
 * reduced by LTTB to `threshold / ys.length` points (at least 16), and the union of the kept
 * indices is returned, ascending. Every series keeps its own peaks; the row count stays near
 * `threshold`, whatever the number of series.
 */
export function lttbUnion(x: ArrayLike<number>, ys: readonly ArrayLike<number>[], threshold: number): Uint32Array {
  const n = x.length;
  if (n <= threshold || ys.length === 0) return identity(n);
  if (ys.length === 1) return lttb(x, ys[0] as ArrayLike<number>, threshold);
  const per = Math.max(16, Math.floor(threshold / ys.length));
  const keep = new Uint8Array(n);
  for (const y of ys) for (const i of lttb(x, y, per)) keep[i] = 1;
  return marked(keep);
}

/** The indices where mask is set, ascending. */
function marked(mask: Uint8Array): Uint32Array {
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i] as number;
  const out = new Uint32Array(count);
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
  return out;
}

/**
 * The kept indices plus every run of values (between gaps or the window's edges) of which LTTB
 * kept none, with the gaps beside it, so the run is drawn where it is and stays apart from its
 * neighbours. LTTB keeps the gap of a bucket that holds one and drops the values beside it: a
 * mean of rare events (an event in one interval of twenty) would draw nothing. Such a run is
 * shorter than two buckets (a bucket inside it has no gap, and LTTB keeps one of its points).
 */
export function keepRuns(kept: Uint32Array, ys: readonly ArrayLike<number>[]): Uint32Array {
  const n = ys[0]?.length ?? 0;
  const isKept = new Uint8Array(n);
  for (const i of kept) isKept[i] = 1;
  let mask: Uint8Array | null = null;
  for (const y of ys) {
    let k = 0;
    while (k < n) {
      if (!Number.isFinite(y[k])) {
        k++;
        continue;
      }
      const a = k;
      let any = false;
      for (; k < n && Number.isFinite(y[k]); k++) any ||= isKept[k] === 1;
      if (any) continue;
      mask ??= Uint8Array.from(isKept);
      mask.fill(1, Math.max(0, a - 1), Math.min(n, k + 1));
    }
  }
  return mask ? marked(mask) : kept;
}
