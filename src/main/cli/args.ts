import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A usage error: the CLI prints it with the command's help hint and exits 2. */
export class UsageError extends Error {}
/** A bad input file or unreachable source: printed as is, exit 1. */
export class InputError extends Error {}

/** A command's module: loaded only when that command runs (its one line for `--help` is in ./commands/index.ts). */
export interface Command {
  readonly name: string;
  /** Full help text for `tidegauge NAME --help`. */
  readonly help: string;
  /** Resolves with the exit code; long-running commands (serve) resolve when they stop. */
  run(argv: string[]): Promise<number>;
}

/** parseArgs that turns every complaint into a UsageError naming the option. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError( \[[A-Z_]+\])?: /, ''));
  }
}

export function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}
