import { type FormEvent, useRef } from 'react';
import type { ClientCommand } from '../../../shared/api';
import { formatBytes } from '../../../shared/format';
import { addInputProblem, inputKind, torrentFileProblem } from '../../../shared/torrent-input';

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** What was sent last, so the host's refusal is explained for it and the input kept until it is added. */
export type SentKind = { readonly kind: 'magnet' | 'url' } | { readonly kind: 'file'; readonly name: string };

export interface TorrentAddProps {
  readonly text: string;
  readonly onText: (text: string) => void;
  readonly send: (command: ClientCommand) => void;
  readonly onSent: (what: SentKind) => void;
  /** A problem found before sending (null clears the last one). */
  readonly onProblem: (problem: string | null) => void;
}

/** .torrent files from the picker or a drop: checked here first so a bad one is named at once. */
export async function addTorrentFiles(
  files: readonly File[],
  send: (command: ClientCommand) => void,
  onSent: (what: SentKind) => void,
  onProblem: (problem: string | null) => void,
): Promise<void> {
  for (const f of files) {
    if (f.size > 12 * 1024 * 1024) {
      onProblem(`${f.name} is ${formatBytes(f.size)}: too large to be a .torrent file.`);
      continue;
    }
    const bytes = new Uint8Array(await f.arrayBuffer());
    const problem = torrentFileProblem(bytes);
    if (problem) {
      onProblem(`${f.name} is not a .torrent file: ${problem}.`);
      continue;
    }
    onProblem(null);
    onSent({ kind: 'file', name: f.name });
    send({ type: 'addTorrent', torrentBase64: toBase64(bytes), fileName: f.name });
  }
}

/** The add box: a magnet link or an http(s) link to a .torrent, or a .torrent file. */
export function TorrentAdd({ text, onText, send, onSent, onProblem }: TorrentAddProps) {
  const file = useRef<HTMLInputElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m = text.trim();
    const bad = addInputProblem(m);
    if (bad) {
      onProblem(bad); // the input stays, to be corrected
      return;
    }
    onProblem(null);
    if (inputKind(m) === 'url') {
      onSent({ kind: 'url' });
      send({ type: 'addTorrent', url: m });
    } else {
      onSent({ kind: 'magnet' });
      send({ type: 'addTorrent', magnet: m });
    }
  };
  return (
    <form className="torrent-add" onSubmit={submit}>
      <input
        type="text"
        aria-label="Magnet link or .torrent URL"
        placeholder="Paste a magnet link or an http(s) link to a .torrent, or drop a .torrent file here"
        value={text}
        onChange={(e) => onText(e.target.value)}
      />
      <button type="submit" disabled={!text.trim()}>
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
          void addTorrentFiles(Array.from(e.target.files ?? []), send, onSent, onProblem);
          e.target.value = '';
        }}
      />
    </form>
  );
}
