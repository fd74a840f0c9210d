/*
 * Deterministic content for the loopback swarm. Every seeder makes the same bytes from the
 * same seed, so they all seed one torrent without shipping megabytes between threads. Only
 * the *content* is generated; no metric value ever comes from here.
 */

/** `size` bytes from a xorshift128 stream seeded by `seed` (same seed, same bytes, any thread). */
export function generateContent(seed: number, size: number): Uint8Array {
  if (!Number.isSafeInteger(size) || size <= 0)
    throw new RangeError(`content size must be a positive integer, got ${size}`);
  const words = new Uint32Array(Math.ceil(size / 4));
  // splitmix32 spreads the seed into four non-zero state words.
  let s = seed >>> 0 || 1;
  const mix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0 || 1;
  };
  let x = mix();
  let y = mix();
  let z = mix();
  let w = mix();
  for (let i = 0; i < words.length; i++) {
    const t = x ^ (x << 11);
    x = y;
    y = z;
    z = w;
    w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    words[i] = w;
  }
  return new Uint8Array(words.buffer, 0, size);
}

export function contentName(cycle: number): string {
  return `tidegauge-loopback-${cycle}.bin`;
}
