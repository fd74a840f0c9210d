import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SourceCredentials } from '../../shared/api';

/*
 * Recent connections of the Connect… dialog. The addresses (without credentials) are listed to
 * clients; the credentials stay in this file only, readable by the user alone (0600), and in
 * the desktop app sealed by the OS keychain (Electron's safeStorage, through `codec`).
 */

export interface SavedConnection {
  /** The address as shown: no token, no user info. */
  readonly address: string;
  readonly usedAt: number;
  readonly credentials?: SourceCredentials;
}

/** Seals the file's text (the desktop app passes safeStorage); absent: plain JSON in a 0600 file. */
export interface SecretCodec {
  seal(text: string): Buffer;
  open(bytes: Buffer): string;
}

const MAX_SAVED = 12;

export class SavedConnections {
  constructor(
    private readonly file: string,
    private readonly codec?: SecretCodec,
  ) {}

  private read(): SavedConnection[] {
    try {
      const bytes = readFileSync(this.file);
      const text = this.codec ? this.codec.open(bytes) : bytes.toString('utf8');
      const list = JSON.parse(text) as unknown;
      return Array.isArray(list)
        ? list.filter((c): c is SavedConnection => typeof c?.address === 'string' && typeof c?.usedAt === 'number')
        : [];
    } catch {
      // Missing or unreadable (another machine's keychain): start a new list.
      return [];
    }
  }

  /** The list for clients: addresses and whether credentials are kept, newest first. */
  list(): { address: string; usedAt: number; hasCredentials: boolean }[] {
    return this.read().map((c) => ({ address: c.address, usedAt: c.usedAt, hasCredentials: !!c.credentials }));
  }

  credentialsFor(address: string): SourceCredentials | undefined {
    return this.read().find((c) => c.address === address)?.credentials;
  }

  remember(address: string, credentials?: SourceCredentials): void {
    const kept = credentials && Object.values(credentials).some((v) => v) ? credentials : this.credentialsFor(address);
    const next = [
      { address, usedAt: Date.now(), ...(kept ? { credentials: kept } : {}) },
      ...this.read().filter((c) => c.address !== address),
    ].slice(0, MAX_SAVED);
    mkdirSync(dirname(this.file), { recursive: true });
    const text = JSON.stringify(next);
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, this.codec ? this.codec.seal(text) : text, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }
}
