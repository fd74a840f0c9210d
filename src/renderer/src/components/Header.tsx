import { type ReactNode, useEffect, useState } from 'react';
import type { RecordingState } from '../../../shared/api';
import { formatDuration } from '../../../shared/format';
import { printable } from '../../../shared/printable';
import type { Theme } from '../prefs';
import type { StreamView } from '../store';
import { Logo } from './Logo';

export function Header({
  view,
  onDiagnostics,
  theme,
  onTheme,
  nav,
  onRecording,
  onConnect,
  elsewhere = false,
}: {
  view: StreamView;
  onDiagnostics: (on: boolean) => void;
  theme: Theme;
  onTheme: (t: Theme) => void;
  /** The view switcher (Live | Library …). */
  nav?: ReactNode;
  onRecording?: (on: boolean) => void;
  /** Opens the Connect… dialog (the source label is its button). */
  onConnect?: () => void;
  /**
   * Another view is shown (replay, compare, library): the source, uptime and switches are
   * grouped under a LIVE SESSION chip, so nobody takes them for the session being viewed.
   */
  elsewhere?: boolean;
}) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const host = view.host;
  // Whole seconds, as the source's uptime gauge counts them (the Uptime panel).
  const uptime = host ? Math.floor((now - host.startedAt) / 1000) : Number.NaN;
  const diag = host?.diagnostics ?? false;
  const conn = view.connection;
  const health = host?.health ?? null;
  return (
    <header className="header">
      <div className="brand">
        <Logo size={22} />
        <span>Tidegauge</span>
      </div>
      {nav}
      {/* biome-ignore lint/a11y/useSemanticElements: a labelled group of controls, not a form's fieldset */}
      <div
        className={elsewhere ? 'live-group elsewhere' : 'live-group'}
        role="group"
        aria-label="Live session"
        data-testid="live-group"
        title={elsewhere ? LIVE_GROUP_TITLE : undefined}
      >
        {elsewhere && (
          <span className="live-chip" data-testid="live-session-chip">
            Live session
          </span>
        )}
        <div className="source" title={host?.source?.detail ?? ''}>
          <button
            type="button"
            className="source-button"
            onClick={onConnect}
            disabled={!onConnect || !host}
            title={`${host?.source?.detail ?? 'No source'}: click to connect to another engine`}
            data-testid="source-button"
          >
            <span className={`dot ${sourceDot(conn, host)}`} />
            <span data-testid="source-label">
              {host ? printable(host.source?.label ?? 'No source') : 'Connecting…'}
            </span>
            {health && (
              <span
                className={`health-chip ${health.state === 'live' ? 'live' : BAD.has(health.state) ? 'bad' : ''}`}
                data-testid="source-health"
              >
                {health.state}
                {health.state === 'live' && health.latencyMs !== null ? ` · ${health.latencyMs} ms` : ''}
                {health.missed > 0 ? ` · ${health.missed} missed` : ''}
              </span>
            )}
          </button>
        </div>
        <div className="meta">
          <span>
            Uptime <strong data-testid="uptime">{host ? formatDuration(uptime) : '—'}</strong>
          </span>
          <span>
            Sample <strong>{host ? `${host.intervalMs} ms` : '—'}</strong>
          </span>
          {conn !== 'open' && (
            <span className="conn">{conn === 'closed' ? 'Disconnected, retrying…' : 'Connecting…'}</span>
          )}
        </div>
        <label className="switch" title="Count the engine's diagnostic metrics (shortcut: D)">
          <input
            type="checkbox"
            role="switch"
            aria-checked={diag}
            aria-label="Diagnostics"
            checked={diag}
            disabled={!host}
            onChange={(e) => onDiagnostics(e.target.checked)}
          />
          <span className="track">
            <span className="thumb" />
          </span>
          <span>
            Diagnostics <kbd>D</kbd>
          </span>
        </label>
        {host?.recording.available && onRecording && (
          <RecordingSwitch recording={host.recording} onRecording={onRecording} />
        )}
      </div>
      <button
        type="button"
        className="btn theme"
        onClick={() => onTheme(theme === 'dark' ? 'light' : 'dark')}
        title="Switch between light and dark (shortcut: T)"
        data-testid="theme-switch"
      >
        {theme === 'dark' ? 'Light theme' : 'Dark theme'}
      </button>
    </header>
  );
}

const LIVE_GROUP_TITLE =
  'These belong to the live session (what is being measured now), not to the session you are viewing: ' +
  'its source, uptime, sample interval, diagnostics and recording.';

const BAD = new Set(['unreachable', 'auth failed', 'banned', 'protocol error']);

/** Green when samples flow, amber while a remote engine connects or lags, red on a failure. */
function sourceDot(conn: StreamView['connection'], host: StreamView['host']): string {
  if (conn !== 'open' || !host?.source) return 'idle';
  const state = host.health?.state;
  if (host.error || (state && BAD.has(state))) return 'bad';
  if (state && state !== 'live') return 'warn';
  return 'ok';
}

/** Recording is on by default; the switch turns it off. A red dot while a file is being written. */
function RecordingSwitch({
  recording,
  onRecording,
}: {
  recording: RecordingState;
  onRecording: (on: boolean) => void;
}) {
  const title = recording.error
    ? `Recording stopped: ${recording.error}`
    : recording.id
      ? `Recording this session to the library (${recording.id})`
      : recording.enabled
        ? 'Recording starts with the next sample from a source'
        : 'Live sessions are not being saved';
  return (
    <label className="switch recording" title={title} data-testid="recording">
      <input
        type="checkbox"
        role="switch"
        aria-checked={recording.enabled}
        aria-label="Record"
        checked={recording.enabled}
        onChange={(e) => onRecording(e.target.checked)}
      />
      <span className="track">
        <span className="thumb" />
      </span>
      <span>
        {recording.error ? (
          <span className="rec-error">Recording stopped</span>
        ) : recording.enabled && recording.id ? (
          <span className="rec-on" data-testid="recording-on">
            <span className="rec-dot" /> REC
          </span>
        ) : (
          'Record'
        )}
      </span>
    </label>
  );
}
