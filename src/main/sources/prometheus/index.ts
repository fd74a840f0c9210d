import { AddressError, type ParsedAddress, type SourceContext } from '../parsedAddress';
import { RemoteSource } from '../remote/RemoteSource';
import { PrometheusAdapter } from './PrometheusAdapter';

/*
 * prometheus://[user:pass@]host:9090?instance=box1:7420[&job=…] (prometheus+https:// for TLS):
 * one instance of the server, watched live. A user and password (in the address or from the
 * Connect… dialog) are sent as Basic auth and stay inside the client.
 */
export function prometheusSource(a: ParsedAddress, c: SourceContext): RemoteSource {
  const instance = a.params.get('instance');
  if (!instance)
    throw new AddressError(
      `${a.shown} names no instance; add ?instance=host:port (as Prometheus labels it), e.g. prometheus://${a.authority}?instance=box1:7420`,
    );
  const user = c.credentials?.username ?? a.username ?? '';
  const password = c.credentials?.password ?? a.password ?? '';
  const login = user || password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}@` : '';
  const job = a.params.get('job');
  return new RemoteSource(
    new PrometheusAdapter({ server: `${a.scheme}://${login}${a.authority}`, instance, ...(job ? { job } : {}) }),
  );
}
