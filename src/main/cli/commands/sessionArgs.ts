import { MAX_INTERVAL_MS } from '../../../shared/session/meta';
import { SessionFileError } from '../../storage/sessionFiles';
import { InputError, UsageError } from '../args';

/** A number of seconds given on the command line (--from, --to, --interval), at least `min`, at most `max`. */
export function secondsOption(
  value: string | undefined,
  name: string,
  min: number,
  max = Number.POSITIVE_INFINITY,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min)
    throw new UsageError(
      `--${name} must be a number of seconds${min > 0 ? ` above ${min}` : ' (0 or more)'}, got "${value}"`,
    );
  if (n > max) throw new UsageError(`--${name} must be at most ${max} seconds (${max / 3600} h), got "${value}"`);
  return n;
}

/** --interval of the importers: what a session's sample interval may be (a millisecond to a day). */
export const intervalOption = (value: string | undefined) =>
  secondsOption(value, 'interval', 0.001, MAX_INTERVAL_MS / 1000);

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
