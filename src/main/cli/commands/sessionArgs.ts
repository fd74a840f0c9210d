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
