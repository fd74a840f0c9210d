import { type DragEvent, type FormEvent, useEffect, useRef, useState } from 'react';
import type { ClientCommand, TorrentInfo } from '../../../shared/api';
import { formatBytes } from '../../../shared/format';
import { explainAddError, magnetProblem } from '../../../shared/torrent-input';
import './torrents.css';

const STATE_LABEL: Record<TorrentInfo['state'], string> = {
  metadata: 'fetching metadata',
  checking: 'checking',
  downloading: 'downloading',
  seeding: 'seeding',
  paused: 'paused',
};

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export interface TorrentsPanelProps {
  /** The source's torrents; null when the source does not manage torrents. */
  readonly torrents: readonly TorrentInfo[] | null;
  readonly send: (command: ClientCommand) => void;
  /** The host's last answer to a command that failed (shown under the form). */
  readonly error?: string | null;
}

/** The session's torrents, with add (magnet link, .torrent file or drop), pause, resume and remove. */
export function TorrentsPanel({ torrents, send, error }: TorrentsPanelProps) {
  const [magnet, setMagnet] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  // What was sent last: a refusal is explained for it, and the input is kept until it is added.
  const [sent, setSent] = useState<'magnet' | 'file' | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const count = torrents?.length ?? 0;
  const seen = useRef(count);
  useEffect(() => {
    if (count > seen.current && sent === 'magnet') setMagnet('');
    seen.current = count;
  }, [count, sent]);
  if (torrents === null) return null;

  const addMagnet = (e: FormEvent) => {
    e.preventDefault();
    const m = magnet.trim();
    const bad = magnetProblem(m);
    if (bad) {
      setProblem(bad); // the input stays, to be corrected
      return;
    }
    setProblem(null);
    setSent('magnet');
    send({ type: 'addTorrent', magnet: m });
  };
  const addFiles = async (files: FileList | null) => {
    for (const f of Array.from(files ?? [])) {
      if (f.size > 12 * 1024 * 1024) {
        setProblem(`${f.name} is ${formatBytes(f.size)}: too large to be a .torrent file.`);
        continue;
      }
      setProblem(null);
      setSent('file');
      send({ type: 'addTorrent', torrentBase64: toBase64(new Uint8Array(await f.arrayBuffer())) });
    }
  };
  const onDrop = (e: DragEvent) => {
    const files = Array.from(e.dataTransfer.files).filter((f) => f.name.toLowerCase().endsWith('.torrent'));
    if (!files.length) return;
    e.preventDefault();
    e.stopPropagation();
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(f);
    void addFiles(dt.files);
  };

  const shown = problem ?? (error ? explainAddError(error, sent ?? 'unknown') : null);
  return (
    <section
      className="card torrents"
      aria-labelledby="torrents-title"
      onDrop={onDrop}
      onDragOver={(e) => e.preventDefault()}
    >
      <div className="card-head">
        <h2 id="torrents-title">Torrents</h2>
        <span className="hint">
          {torrents.length === 1 ? '1 torrent' : `${torrents.length} torrents`} in this session
        </span>
      </div>
      <form className="torrent-add" onSubmit={addMagnet}>
        <input
          type="text"
          aria-label="Magnet link"
          placeholder="Paste a magnet link, or drop a .torrent file here"
          value={magnet}
          onChange={(e) => setMagnet(e.target.value)}
        />
        <button type="submit" disabled={!magnet.trim()}>
          Add
        </button>
        <button type="button" onClick={() => file.current?.click()}>
          Open .torrent…
        </button>
        <input
          ref={file}
          type="file"
          accept=".torrent,application/x-bittorrent"
          multiple
          hidden
          onChange={(e) => {
            void addFiles(e.target.files);
            e.target.value = '';
          }}
        />
      </form>
      {shown && (
        <div className="banner error" role="alert">
          {shown}
        </div>
      )}
      {torrents.length === 0 ? (
        <div className="empty">No torrents yet.</div>
      ) : (
        <table className="torrent-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>State</th>
              <th className="num">Progress</th>
              <th className="num">Size</th>
              <th className="num">Peers</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {torrents.map((t) => (
              <tr key={t.infoHash} data-infohash={t.infoHash}>
                <td className="name" title={t.infoHash}>
                  {t.name || t.infoHash.slice(0, 12)}
                </td>
                <td>{STATE_LABEL[t.state]}</td>
                <td className="num">
                  <progress max={1} value={t.progress} aria-label={`${Math.round(t.progress * 100)}%`} />{' '}
                  {Math.floor(t.progress * 100)}%
                </td>
                <td className="num">{t.length ? formatBytes(t.length) : '—'}</td>
                <td className="num">{t.peers}</td>
                <td>
                  <div className="actions">
                    {t.state === 'paused' ? (
                      <button
                        type="button"
                        onClick={() => send({ type: 'torrent', action: 'resume', infoHash: t.infoHash })}
                      >
                        Resume
                      </button>
                    ) : (
                      <button
                        type="button"
                        onClick={() => send({ type: 'torrent', action: 'pause', infoHash: t.infoHash })}
                      >
                        Pause
                      </button>
                    )}
                    {confirming === t.infoHash ? (
                      <>
                        <button
                          type="button"
                          className="danger"
                          onClick={() => {
                            setConfirming(null);
                            send({ type: 'torrent', action: 'remove', infoHash: t.infoHash });
                          }}
                        >
                          Remove
                        </button>
                        <button type="button" onClick={() => setConfirming(null)}>
                          Keep
                        </button>
                      </>
                    ) : (
                      <button type="button" onClick={() => setConfirming(t.infoHash)}>
                        Remove…
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
