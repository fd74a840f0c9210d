import type { ParsedAddress } from '../parsedAddress';
import { engineColumn, identityMap } from '../remote/nameMap';
import { RemoteSource } from '../remote/RemoteSource';
import { IrontideAdapter } from './IrontideAdapter';

/** An irontide daemon, or another Tidegauge's serve (same protocol, behind its token). */
export function irontideSource(address: ParsedAddress, kind: 'irontide' | 'tidegauge', token?: string): RemoteSource {
  const mapping = kind === 'irontide' ? engineColumn('irontide', 'irontide') : identityMap();
  return new RemoteSource(new IrontideAdapter({ kind, authority: address.authority, token, mapping }));
}
