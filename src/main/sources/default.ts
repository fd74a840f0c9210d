import type { Source } from './Source';

export interface DefaultSourceOptions {
  /** Extra engine options from the command line (content size, peers, rate limits...). */
  readonly [key: string]: unknown;
}

/**
 * The source a session starts with when the user names none. Until the embedded engine
 * lands this is null: the app says "no source" and shows every metric as not reported.
 */
export function createDefaultSource(_options: DefaultSourceOptions = {}): Source | null {
  return null;
}
