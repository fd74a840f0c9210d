import { useEffect, useRef, useState } from 'react';
import type { FleetInstance, FleetListing } from '../../../shared/fleet';
import { formatBytes, formatCount } from '../../../shared/format';
import { fleetApi } from './client';
import { FleetRange, type RangeChoice, resolveRange } from './FleetRange';
import './fleet.css';

/*
 * "From Prometheus": the instances a Prometheus server knows with their current figures side
 * by side; pick one and a range to import it into the library, where it opens, compares and
 * reports like any recorded session.
 */

const SERVER_KEY = 'tidegauge.fleet.server';

const rate = (v: number | null) => (v === null ? '—' : `${formatBytes(v)}/s`);
const count = (v: number | null) => (v === null ? '—' : formatCount(v));
const bytes = (v: number | null) => (v === null ? '—' : formatBytes(v));

function stepFor(rangeS: number): number {
  // At most ~20,000 samples: a day at 5 s, a week at 30 s; never finer than 1 s.
  return Math.max(1, Math.ceil(rangeS / 20_000));
}

export function FleetDialog({ onClose, onImported }: { onClose: () => void; onImported: (id: string) => void }) {
  const [server, setServer] = useState(() => localStorage.getItem(SERVER_KEY) ?? 'prometheus://127.0.0.1:9090');
  const [listing, setListing] = useState<FleetListing | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [range, setRange] = useState<RangeChoice>({ preset: 3600 });
  const resolved = resolveRange(range, Date.now() / 1000);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  const list = async () => {
    setBusy('Asking the server…');
    setError(null);
    try {
      const l = await fleetApi().list(server.trim());
      localStorage.setItem(SERVER_KEY, server.trim());
      setListing(l);
      setPicked((p) => (p && l.instances.some((i) => i.instance === p) ? p : (l.instances[0]?.instance ?? null)));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const importPicked = async () => {
    if (!listing || !picked) return;
    // Resolved at the click: a preset ends now, not when it was picked.
    const r = resolveRange(range, Date.now() / 1000);
    if ('error' in r) return;
    setBusy(`Importing ${picked}…`);
    setError(null);
    try {
      const done = await fleetApi().importRange({
        server: server.trim(),
        instance: picked,
        from: r.from,
        to: r.to,
        step: stepFor(r.to - r.from),
      });
      onImported(done.summary.id);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="modal-backdrop">
      <div
        className="modal card fleet-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="fleet-title"
        data-testid="fleet-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      >
        <h2 id="fleet-title">From Prometheus</h2>
        <p className="hint">
          The boxes a Prometheus server scrapes, with their figures now. Pick one and a range to open it as a session.
        </p>
        <form
          className="fleet-server"
          onSubmit={(e) => {
            e.preventDefault();
            void list();
          }}
        >
          <input
            ref={inputRef}
            type="text"
            aria-label="Prometheus server"
            data-testid="fleet-server"
            value={server}
            onChange={(e) => setServer(e.target.value)}
            spellCheck={false}
          />
          <button type="submit" className="btn primary" disabled={!!busy} data-testid="fleet-list">
            List instances
          </button>
        </form>
        {error && (
          <div className="banner error" role="alert" data-testid="fleet-error">
            {error}
          </div>
        )}
        {listing && listing.instances.length === 0 && <div className="empty">{listing.server} knows no instances.</div>}
        {listing && listing.instances.length > 0 && (
          <table className="sessions fleet-table" data-testid="fleet-table">
            <thead>
              <tr>
                <th />
                <th>Instance</th>
                <th>Exporter</th>
                <th className="num">Down</th>
                <th className="num">Up</th>
                <th className="num">Connections</th>
                <th className="num">DHT nodes</th>
                <th className="num">Downloaded</th>
              </tr>
            </thead>
            <tbody>
              {listing.instances.map((i: FleetInstance) => (
                <tr
                  key={i.instance}
                  className={picked === i.instance ? 'selected' : ''}
                  onClick={() => setPicked(i.instance)}
                  data-testid="fleet-row"
                >
                  <td>
                    <input
                      type="radio"
                      name="fleet-instance"
                      aria-label={`Pick ${i.instance}`}
                      checked={picked === i.instance}
                      onChange={() => setPicked(i.instance)}
                    />
                  </td>
                  <td>
                    <span className={`fleet-up ${i.up ? 'on' : 'off'}`} title={i.up ? 'up' : 'down'} />
                    {i.instance}
                    <span className="hint"> {i.job}</span>
                  </td>
                  <td>{i.exporter}</td>
                  <td className="num" data-testid="fleet-down">
                    {rate(i.figures.downloadRate)}
                  </td>
                  <td className="num" data-testid="fleet-up">
                    {rate(i.figures.uploadRate)}
                  </td>
                  <td className="num">{count(i.figures.connections)}</td>
                  <td className="num">{count(i.figures.dhtNodes)}</td>
                  <td className="num">{bytes(i.figures.downloaded)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="modal-actions">
          {busy && (
            <span className="hint" role="status">
              {busy}
            </span>
          )}
          {'error' in resolved && listing && (
            <span className="hint fleet-range-error" role="alert" data-testid="fleet-range-error">
              {resolved.error}
            </span>
          )}
          <FleetRange value={range} onChange={setRange} disabled={!listing} />
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={!picked || !!busy || 'error' in resolved}
            onClick={() => void importPicked()}
            data-testid="fleet-import"
          >
            Open as session
          </button>
        </div>
      </div>
    </div>
  );
}
