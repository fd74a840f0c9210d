import { unlink } from 'node:fs/promises';
import { readMeta } from '../../shared/session/arrow';
import { type DecodedSession, decodeSession, SessionFormatError } from '../../shared/session/decode';
import type { SessionDigest } from '../../shared/session/digest';
import { pointLayout } from '../../shared/session/levels';
import type { SessionMeta } from '../../shared/session/meta';
import { digestKey, readDigest, writeDigestOf } from './digestFile';
import { levelsPath, readLevels, writeLevels } from './levelsFile';
import {
  exists,
  journalPath,
  MAX_SESSION_BYTES,
  readBounded,
  readHead,
  SessionFileError,
  statFile,
} from './sessionFiles';
import { levelsRecords } from './sessionLevels';
import { ensureZstd } from './zstd';

/*
 * A session file's digest (digestFile.ts): the sidecar when it is whole and of these bytes, else
 * built now from one decode of the file, with its levels if those were missing too, so the
 * next reader decodes nothing. Null while the file is recorded (a journal beside it: the file
 * still grows, and its state is the journal's to say).
 */

export interface OpenDigest {
  readonly meta: SessionMeta;
  readonly sizeBytes: number;
  readonly digest: SessionDigest;
  /** Whether this call decoded the file (no usable digest was there). */
  readonly built: boolean;
}

export async function openDigest(file: string): Promise<OpenDigest | null> {
  await ensureZstd();
  if (await exists(journalPath(file))) return null;
  const st = await statFile(file);
  if (!st.isFile()) throw new SessionFileError(file, 'is not a regular file');
  const size = st.size;
  let meta: SessionMeta;
  try {
    meta = readMeta(await readHead(file, Math.min(size, 4 * 1024 * 1024)));
  } catch (e) {
    throw new SessionFileError(file, (e as Error).message);
  }
  const key = await digestKey(file, size);
  const got = await readDigest(file, key);
  if (got) return { meta, sizeBytes: size, digest: got, built: false };
  const bytes = await readBounded(file, MAX_SESSION_BYTES);
  const u8 = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let decoded: DecodedSession;
  try {
    decoded = decodeSession(u8);
  } catch (e) {
    if (e instanceof SessionFormatError) throw new SessionFileError(file, e.message);
    throw new SessionFileError(file, `cannot be decoded (${(e as Error).message})`);
  }
  const digest = await writeDigestOf(file, size, decoded);
  const layout = pointLayout(meta.registry);
  if (!(await readLevels(file, meta, layout, size)).ok) {
    await writeLevels(file, levelsRecords(u8, decoded)).catch(() => {});
    await unlink(`${levelsPath(file)}.part`).catch(() => {});
  }
  return { meta, sizeBytes: size, digest, built: true };
}
