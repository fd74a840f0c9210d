import type { HostSourceTest, SourceCredentials } from '../../shared/api';
import type { StatsHost } from '../live/statsHost';
import { AddressError, createSource, parseAddress, type SourceContext } from '../sources/addresses';
import { shownAddress } from '../sources/remote/secrets';
import type { Source } from '../sources/Source';
import type { SavedConnections } from '../sources/savedConnections';
import { RequestError } from './failure';

/*
 * Switching the host's source by address at runtime (the Connect… dialog, any shell): the old
 * source stops, the new one starts, and the recorder, seeing a new source, starts a new file.
 * A bad address or a refused connection is a refusal naming what failed; the host keeps
 * serving (with the new source retrying in the background when it is only unreachable).
 */

export interface SourceSwitchOptions {
  /** The embedded engine's options, for `engine:`. */
  readonly context?: SourceContext;
  /** Recent connections and their credentials (a 0600 file, or the desktop's keychain). */
  readonly saved?: SavedConnections | null;
}

export interface SourceSwitch {
  switchTo(address: string, credentials?: SourceCredentials): Promise<undefined>;
  test(address: string, credentials?: SourceCredentials): Promise<HostSourceTest>;
}

interface Testable {
  test?(): Promise<string>;
}

export function sourceSwitch(host: StatsHost, options: SourceSwitchOptions): SourceSwitch {
  const saved = options.saved ?? null;
  const publishRecent = () => host.setRecentSources(saved?.list() ?? []);
  publishRecent();

  async function build(
    address: string,
    credentials?: SourceCredentials,
  ): Promise<{ source: Source | null; shown: string }> {
    let shown: string;
    try {
      shown = parseAddress(address).shown;
      const creds = credentials ?? saved?.credentialsFor(shown);
      return { source: await createSource(address, { ...options.context, credentials: creds }), shown };
    } catch (e) {
      if (e instanceof AddressError) throw new RequestError(400, e.message);
      throw e;
    }
  }

  return {
    async switchTo(address, credentials) {
      const { source, shown } = await build(address, credentials);
      await host.setSource(source);
      const error = host.state().error;
      if (error) throw new RequestError(502, error);
      if (saved && source && source.info.kind !== 'engine') {
        // Only the address (and the credentials given) are kept; never a token inside the address.
        const fromAddress = parseAddress(address);
        const token = fromAddress.params.get('token') ?? undefined;
        const given =
          credentials ??
          (token || fromAddress.password
            ? { token, username: fromAddress.username, password: fromAddress.password }
            : undefined);
        saved.remember(shown, given);
        publishRecent();
      }
      return undefined;
    },
    async test(address, credentials) {
      let shown = shownAddress(address);
      try {
        const built = await build(address, credentials);
        shown = built.shown;
        const t = built.source as (Source & Testable) | null;
        if (!t)
          return { type: 'sourceTest', address: shown, ok: true, message: 'no source: every metric "not reported"' };
        const message = t.test ? await t.test() : `${t.info.label}: runs inside this host`;
        return { type: 'sourceTest', address: shown, ok: true, message };
      } catch (e) {
        return { type: 'sourceTest', address: shown, ok: false, message: (e as Error).message };
      }
    },
  };
}
