import { SessionFileError } from '../../storage/sessionFiles';
import { InputError, UsageError } from '../args';

/** A number of seconds given on the command line (--from, --to, --interval). */
export function secondsOption(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min)
    throw new UsageError(
      `--${name} must be a number of seconds${min > 0 ? ` above ${min}` : ' (0 or more)'}, got "${value}"`,
    );
  return n;
}

/** One positional FILE, named in the message when it is missing or doubled. */
export function onePositional(positionals: string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`missing ${what}`);
  if (positionals.length > 1)
    throw new UsageError(`expected one ${what}, got ${positionals.length}: ${positionals.join(' ')}`);
  return positionals[0] as string;
}

/** Turn file problems into exit code 1 with the file named; everything else passes through. */
export async function asInputErrors<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof SessionFileError) throw new InputError(e.message);
    throw e;
  }
}

export function formatBytes(n: number): string {
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < u.length - 1) {
    v /= 1024;
    i++;
  }
  return `${n < 0 ? '-' : ''}${i === 0 ? Math.round(v) : v.toFixed(1)} ${u[i]}`;
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${+s.toFixed(1)} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round(s % 60);
  return h ? `${h} h ${m} min ${sec} s` : `${m} min ${sec} s`;
}
