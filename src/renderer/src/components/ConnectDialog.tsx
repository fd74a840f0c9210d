import { useEffect, useState } from 'react';
import type { ClientCommand, HostSourceTest, SourceCredentials, SourceHealth } from '../../../shared/api';
import { printable } from '../../../shared/printable';
import './connect.css';

/*
 * Connect…: pick the engine this host watches (kind, address, credentials), test it, switch to
 * it at runtime. The host does the connecting (browsers cannot call these APIs); credentials go
 * to it apart from the address and are never shown back: recent connections list addresses only.
 */

interface Kind {
  readonly scheme: string;
  readonly label: string;
  readonly placeholder: string;
  readonly credentials: 'none' | 'token' | 'login';
}

/** The kinds the host knows (src/main/sources/addresses.ts); more join with their adapters. */
export const SOURCE_KINDS: readonly Kind[] = [
  { scheme: 'engine', label: 'Embedded engine', placeholder: '', credentials: 'none' },
  { scheme: 'irontide', label: 'irontide daemon', placeholder: '127.0.0.1:9080', credentials: 'none' },
  { scheme: 'tidegauge', label: 'Another Tidegauge (serve)', placeholder: 'seedbox.lan:7420', credentials: 'token' },
  // One instance of a Prometheus server, for a box where only an exporter runs; login = Basic auth.
  {
    scheme: 'prometheus',
    label: 'Prometheus (one instance)',
    placeholder: '127.0.0.1:9090?instance=box1:7420',
    credentials: 'login',
  },
  // The daemons Debian ships: their WebUI/RPC login (the password never reaches a file or a log).
  { scheme: 'qbittorrent', label: 'qBittorrent (WebUI)', placeholder: '127.0.0.1:8080', credentials: 'login' },
  { scheme: 'transmission', label: 'Transmission (RPC)', placeholder: '127.0.0.1:9091', credentials: 'login' },
  { scheme: 'deluge', label: 'Deluge (deluge-web)', placeholder: '127.0.0.1:8112', credentials: 'login' },
  // deluged itself, no deluge-web: a user of its auth file (localclient on the same machine).
  { scheme: 'deluge+rpc', label: 'Deluge (daemon RPC)', placeholder: '127.0.0.1:58846', credentials: 'login' },
];

function splitAddress(address: string): { scheme: string; rest: string } {
  const m = /^([a-z][a-z0-9+.-]*):(?:\/\/)?(.*)$/i.exec(address.trim());
  return m ? { scheme: (m[1] as string).toLowerCase(), rest: m[2] as string } : { scheme: 'irontide', rest: address };
}

export function HealthDetails({ health }: { health: SourceHealth }) {
  return (
    <dl className="health-details" data-testid="health-details">
      <dt>State</dt>
      <dd data-testid="health-state">{health.state}</dd>
      <dt>Address</dt>
      <dd>{printable(health.address)}</dd>
      <dt>Engine</dt>
      <dd>{health.version ? printable(health.version) : '—'}</dd>
      <dt>{health.mode === 'push' ? 'Push delay' : 'Poll latency'}</dt>
      <dd>{health.latencyMs === null ? '—' : `${health.latencyMs} ms`}</dd>
      <dt>Samples missed</dt>
      <dd data-testid="health-missed">{health.missed}</dd>
      <dt>Last error</dt>
      <dd className="health-error">{health.lastError ? printable(health.lastError) : 'none'}</dd>
    </dl>
  );
}

export function ConnectDialog({
  current,
  health,
  recent,
  test,
  onTest,
  onConnect,
  onClose,
}: {
  /** The address now watched, as shown (no credentials). */
  current: string;
  health: SourceHealth | null;
  recent: readonly { address: string; hasCredentials: boolean }[];
  test: HostSourceTest | null;
  onTest: (c: Extract<ClientCommand, { type: 'testSource' }>) => void;
  onConnect: (c: Extract<ClientCommand, { type: 'setSource' }>) => void;
  onClose: () => void;
}) {
  const start = splitAddress(current || 'engine:');
  const [scheme, setScheme] = useState(SOURCE_KINDS.some((k) => k.scheme === start.scheme) ? start.scheme : 'irontide');
  const [rest, setRest] = useState(start.scheme === 'engine' ? '' : start.rest);
  const [token, setToken] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [testing, setTesting] = useState(false);
  const kind = SOURCE_KINDS.find((k) => k.scheme === scheme) ?? (SOURCE_KINDS[0] as Kind);
  const address = kind.scheme === 'engine' ? 'engine:' : `${kind.scheme}://${rest.trim()}`;
  const credentials: SourceCredentials | undefined =
    kind.credentials === 'token' && token
      ? { token }
      : kind.credentials === 'login' && (username || password)
        ? { username, password }
        : undefined;
  const payload = { address, ...(credentials ? { credentials } : {}) };
  const ready = kind.scheme === 'engine' || rest.trim() !== '';

  useEffect(() => {
    if (test) setTesting(false);
  }, [test]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div className="export-backdrop">
      <div className="export-dialog connect-dialog" role="dialog" aria-modal="true" aria-label="Connect to an engine">
        <h2>Connect to an engine</h2>
        <p className="export-what">This host watches one engine at a time; switching starts a new recording.</p>
        {health && <HealthDetails health={health} />}
        <form
          className="connect-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!ready) return;
            onConnect({ type: 'setSource', ...payload });
            onClose();
          }}
        >
          <label>
            Kind
            <select value={scheme} onChange={(e) => setScheme(e.target.value)} data-testid="connect-kind">
              {SOURCE_KINDS.map((k) => (
                <option key={k.scheme} value={k.scheme}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
          {kind.scheme !== 'engine' && (
            <label>
              Address
              <span className="connect-address">
                <span className="connect-scheme">{kind.scheme}://</span>
                <input
                  value={rest}
                  onChange={(e) => setRest(e.target.value)}
                  placeholder={kind.placeholder}
                  spellCheck={false}
                  data-testid="connect-address"
                />
              </span>
            </label>
          )}
          {kind.credentials === 'token' && (
            <label>
              Access token
              <input
                type="password"
                value={token}
                onChange={(e) => setToken(e.target.value)}
                autoComplete="off"
                data-testid="connect-token"
              />
            </label>
          )}
          {kind.credentials === 'login' && (
            <>
              <label>
                User
                <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" />
              </label>
              <label>
                Password
                <input
                  type="password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  autoComplete="current-password"
                />
              </label>
            </>
          )}
          {test && test.address === (kind.scheme === 'engine' ? 'engine:' : test.address) && (
            <p className={`connect-test ${test.ok ? 'ok' : 'bad'}`} role="status" data-testid="connect-test">
              {test.ok ? '✓ ' : '✗ '}
              {printable(test.message)}
            </p>
          )}
          {recent.length > 0 && (
            <div className="connect-recent">
              <strong>Recent</strong>
              <ul>
                {recent.map((r) => (
                  <li key={r.address}>
                    <button
                      type="button"
                      className="btn link"
                      onClick={() => {
                        const a = splitAddress(r.address);
                        setScheme(a.scheme);
                        setRest(a.rest);
                      }}
                    >
                      {printable(r.address)}
                    </button>
                    {r.hasCredentials && <small> (credentials kept)</small>}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div className="connect-actions">
            <button
              type="button"
              className="btn"
              disabled={!ready || testing}
              onClick={() => {
                setTesting(true);
                onTest({ type: 'testSource', ...payload });
              }}
              data-testid="connect-test-button"
            >
              {testing ? 'Testing…' : 'Test connection'}
            </button>
            <span className="grow" />
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="btn primary" disabled={!ready} data-testid="connect-submit">
              Connect
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
