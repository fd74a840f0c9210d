import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { crc32 } from '../../shared/session/crc32';
import type { SessionData } from '../../shared/session/data';
import { DIGEST_VERSION, digestOf, type SessionDigest } from '../../shared/session/digest';

/*
 * The digest sidecar, <name>.digest.json beside <name>.arrow. It is keyed to the file it
 * describes by the file's size and a CRC of its last bytes (a copy keeps its digest, an
 * appended or rewritten file does not), and carries a CRC of its own body: a digest that is
 * damaged, of another version or of other bytes reads as none and is built again, never trusted.
 */

/** Bytes at the end of the session file that key its digest (its last batches and end marker). */
const FOOTER_BYTES = 64 * 1024;

export function digestPath(file: string): string {
  return `${file.replace(/\.arrow$/i, '')}.digest.json`;
}

export interface DigestKey {
  readonly size: number;
  readonly footer: number;
}

/** The key of the file as it is now: its size and a CRC of its last FOOTER_BYTES. */
export async function digestKey(file: string, size: number): Promise<DigestKey> {
  const n = Math.min(size, FOOTER_BYTES);
  const buf = new Uint8Array(n);
  const fh = await open(file, 'r');
  try {
    await fh.read(buf, 0, n, size - n);
  } finally {
    await fh.close();
  }
  return { size, footer: crc32(buf) };
}

// JSON has no NaN or infinities; a finding's value or a summary may hold one.
const replacer = (_k: string, v: unknown) =>
  typeof v === 'number' && !Number.isFinite(v) ? { nonFinite: String(v) } : v;
const reviver = (_k: string, v: unknown) => {
  const o = v as { nonFinite?: unknown } | null;
  if (o && typeof o === 'object' && typeof o.nonFinite === 'string' && Object.keys(o).length === 1)
    return Number(o.nonFinite);
  return v;
};

const Span = z.object({ from: z.number(), to: z.number() });
const Violation = z.object({ rule: z.string(), metrics: z.array(z.string()), t: z.number(), detail: z.string() });
const Body = z.object({
  samples: z.number().int().nonnegative(),
  startedAt: z.number().nullable(),
  durationMs: z.number(),
  diagnosticsOn: z.number().int().nonnegative(),
  closed: z.boolean(),
  warnings: z.array(z.string()),
  categories: z.array(
    z.object({
      category: z.string(),
      metrics: z.number(),
      reported: z.number(),
      moving: z.number(),
      items: z.array(
        z.object({
          name: z.string(),
          kind: z.enum(['counter', 'gauge']),
          unit: z.string(),
          reported: z.boolean(),
          total: z.number().nullable(),
          min: z.number().nullable(),
          max: z.number().nullable(),
          last: z.number().nullable(),
        }),
      ),
    }),
  ),
  invariants: z.object({
    checked: z.number(),
    violations: z.number(),
    recent: z.array(Violation),
    byMetrics: z.record(z.string(), z.number()),
    spans: z.array(Span).optional(),
  }),
  findings: z.array(
    z.object({
      rule: z.string(),
      severity: z.enum(['warning', 'info']),
      title: z.string(),
      measured: z.string(),
      why: z.string(),
      metrics: z.array(z.string()),
      value: z.number(),
      threshold: z.number(),
      ranges: z.array(Span),
    }),
  ),
});

/** The digest of the file with this key, or null when there is none usable (missing, damaged, stale). */
export async function readDigest(file: string, key: DigestKey): Promise<SessionDigest | null> {
  let text: string;
  try {
    text = await readFile(digestPath(file), 'utf8');
  } catch {
    return null;
  }
  try {
    const outer = JSON.parse(text) as { version?: unknown; key?: DigestKey; crc?: unknown; body?: unknown };
    if (outer.version !== DIGEST_VERSION || typeof outer.body !== 'string') return null;
    if (outer.key?.size !== key.size || outer.key?.footer !== key.footer) return null;
    if (outer.crc !== crc32(new TextEncoder().encode(outer.body))) return null;
    const parsed = Body.safeParse(JSON.parse(outer.body, reviver));
    return parsed.success ? (parsed.data as SessionDigest) : null;
  } catch {
    return null;
  }
}

/** Write the digest atomically (a temp file renamed over): a reader sees the old one or the new one. */
export async function writeDigest(file: string, key: DigestKey, digest: SessionDigest): Promise<void> {
  const body = JSON.stringify(digest, replacer);
  const text = JSON.stringify({
    version: DIGEST_VERSION,
    key,
    crc: crc32(new TextEncoder().encode(body)),
    body,
  });
  const path = digestPath(file);
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

/**
 * Work out and write the digest of a file decoded whole (where its levels are built): best
 * effort, a read-only folder still gets its answer from the caller's decode.
 */
export async function writeDigestOf(
  file: string,
  size: number,
  decoded: { data: SessionData; closed: boolean; warnings: readonly string[] },
): Promise<SessionDigest> {
  const digest = digestOf(decoded.data, decoded.closed, decoded.warnings);
  await writeDigest(file, await digestKey(file, size), digest).catch(() => {});
  return digest;
}
