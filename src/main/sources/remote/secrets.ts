/*
 * Credentials never reach a session file, a log line or a URL shown to a user: settings an
 * engine reports (recorded as the run's provenance) lose every key that looks like a secret.
 */

// One list for every engine: qBittorrent's web_ui_password / *_whitelist, Transmission's
// rpc-username, Deluge's proxy {username, password}, salts and hashes of passwords, API keys.
const SECRET_KEY = /pass|user|secret|token|auth|key|salt|cookie|credential|private|whitelist|hash/i;

/** A copy of `settings` with secret-looking keys dropped, nested objects too (bounded depth). */
export function withoutSecrets(settings: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(settings)) {
    if (SECRET_KEY.test(k)) continue;
    if (v && typeof v === 'object' && !Array.isArray(v))
      out[k] = depth < 4 ? withoutSecrets(v as Record<string, unknown>, depth + 1) : '…';
    else out[k] = v;
  }
  return out;
}

/** An address with its query (token=…) and user info removed, for showing and logging. */
export function shownAddress(address: string): string {
  return address.replace(/\?.*$/, '').replace(/\/\/[^@/]*@/, '//');
}
