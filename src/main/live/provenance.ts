import { hostname } from 'node:os';
import type { SessionMeta } from '../../shared/session/meta';

/** Flags whose value is a secret: their value never reaches a session file. */
const SECRET_FLAG = /^--?(password|pass|token|secret|api-key|auth|credentials?)(=|$)/i;

/** A command line as a session file may keep it: URL passwords and secret flags' values masked. */
export function maskCommandLine(argv: readonly string[]): string[] {
  const out: string[] = [];
  let maskNext = false;
  for (const arg of argv) {
    if (maskNext) {
      out.push('***');
      maskNext = false;
      continue;
    }
    const m = SECRET_FLAG.exec(arg);
    if (m) {
      if (m[2] === '=') out.push(`${arg.slice(0, arg.indexOf('=') + 1)}***`);
      else {
        out.push(arg);
        maskNext = true;
      }
      continue;
    }
    // user:password@ in any URL-like argument.
    out.push(arg.replace(/(\/\/[^/@\s:]*):[^/@\s]*@/g, '$1:***@'));
  }
  return out.slice(0, 200).map((a) => a.slice(0, 2000));
}

/** Where and by what this process records (host name, platform, Tidegauge's own command line). */
export function recordingProvenance(
  argv: readonly string[] = process.argv.slice(1),
): NonNullable<SessionMeta['provenance']> {
  return {
    host: hostname().slice(0, 255),
    platform: `${process.platform} ${process.arch}, Node ${process.versions.node}`,
    commandLine: maskCommandLine(argv),
  };
}
