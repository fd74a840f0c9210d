import { randomBytes } from 'node:crypto';
import { link, open, realpath, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { exists, SessionFileError } from './sessionFiles';

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    return (await realpath(a)) === (await realpath(b));
  } catch {
    return resolve(a) === resolve(b);
  }
}

/**
 * Write `chunks` to `out` all at once: into a temporary file beside it, then linked into place
 * (which fails if `out` exists) or, with force, renamed over it. A failure leaves no partial file.
 */
export async function writeOutput(
  out: string,
  chunks: Iterable<Uint8Array | string>,
  options: { force?: boolean; inputs?: string[] } = {},
): Promise<number> {
  const present = await exists(out);
  for (const input of options.inputs ?? [])
    if (present && (await sameFile(input, out)))
      throw new SessionFileError(out, 'is the input file; choose another output');
  if (present && !options.force) throw new SessionFileError(out, 'already exists (use --force to replace it)');
  const dir = dirname(resolve(out));
  if (!(await exists(dir))) throw new SessionFileError(out, `its folder ${dir} does not exist`);
  const tmp = join(dir, `.${basename(out)}.${randomBytes(4).toString('hex')}.tmp`);
  let size = 0;
  const fh = await open(tmp, 'wx');
  let closed = false;
  try {
    const enc = new TextEncoder();
    let pending: string[] = [];
    let pendingLen = 0;
    const write = async (b: Uint8Array) => {
      // FileHandle.write may write less than asked; loop until all of it is out.
      for (let o = 0; o < b.length; ) o += (await fh.write(b, o, b.length - o)).bytesWritten;
      size += b.length;
    };
    const flushText = async () => {
      if (!pending.length) return;
      const b = enc.encode(pending.join(''));
      pending = [];
      pendingLen = 0;
      await write(b);
    };
    for (const c of chunks) {
      if (typeof c === 'string') {
        pending.push(c);
        pendingLen += c.length;
        if (pendingLen > 1 << 20) await flushText();
      } else {
        await flushText();
        await write(c);
      }
    }
    await flushText();
    closed = true;
    await fh.close();
    if (options.force) await rename(tmp, out);
    else {
      await link(tmp, out);
      await unlink(tmp);
    }
  } catch (e) {
    if (!closed) await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new SessionFileError(out, 'already exists (use --force to replace it)');
    throw e;
  }
  return size;
}
