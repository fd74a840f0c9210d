/*
 * Which torrents are selected, as a file manager (and qBittorrent's list) does it: a click
 * selects one, Ctrl-click toggles one, Shift-click selects the range from the anchor; arrow
 * keys move the selection (Shift extends it, Ctrl moves the focus only), Space toggles the
 * focused row. Pure: the rows' order goes in, a new selection comes out.
 */

export interface TorrentSelection {
  /** Selected info hashes, in no particular order. */
  readonly selected: readonly string[];
  /** Where a Shift range starts. */
  readonly anchor: string | null;
  /** The row the keyboard is on. */
  readonly focus: string | null;
}

export const NO_SELECTION: TorrentSelection = { selected: [], anchor: null, focus: null };

export interface Modifiers {
  readonly ctrl?: boolean;
  readonly shift?: boolean;
}

function range(order: readonly string[], from: string | null, to: string): string[] {
  const a = from === null ? -1 : order.indexOf(from);
  const b = order.indexOf(to);
  if (a < 0 || b < 0) return b < 0 ? [] : [to];
  return order.slice(Math.min(a, b), Math.max(a, b) + 1);
}

/** A click on the row `hash`. */
export function clickRow(sel: TorrentSelection, order: readonly string[], hash: string, m: Modifiers = {}) {
  if (!order.includes(hash)) return sel;
  if (m.shift) {
    const anchor = sel.anchor !== null && order.includes(sel.anchor) ? sel.anchor : hash;
    const span = range(order, anchor, hash);
    const selected = m.ctrl ? [...new Set([...sel.selected, ...span])] : span;
    return { selected, anchor, focus: hash };
  }
  if (m.ctrl) {
    const on = sel.selected.includes(hash);
    return {
      selected: on ? sel.selected.filter((h) => h !== hash) : [...sel.selected, hash],
      anchor: hash,
      focus: hash,
    };
  }
  return { selected: [hash], anchor: hash, focus: hash };
}

/** An arrow key (delta -1 / +1), Home (-Infinity) or End (+Infinity). */
export function moveFocus(
  sel: TorrentSelection,
  order: readonly string[],
  delta: number,
  m: Modifiers = {},
): TorrentSelection {
  if (order.length === 0) return sel;
  const at = sel.focus === null ? -1 : order.indexOf(sel.focus);
  const start = at < 0 ? (delta > 0 ? -1 : order.length) : at;
  const i = Math.max(
    0,
    Math.min(order.length - 1, Number.isFinite(delta) ? start + delta : delta > 0 ? order.length - 1 : 0),
  );
  const hash = order[i] as string;
  if (m.ctrl && !m.shift) return { ...sel, focus: hash };
  if (m.shift) {
    const anchor = sel.anchor !== null && order.includes(sel.anchor) ? sel.anchor : (sel.focus ?? hash);
    return { selected: range(order, anchor, hash), anchor, focus: hash };
  }
  return { selected: [hash], anchor: hash, focus: hash };
}

/** Space: the focused row in or out of the selection. */
export function toggleFocused(sel: TorrentSelection, order: readonly string[]): TorrentSelection {
  const f = sel.focus !== null && order.includes(sel.focus) ? sel.focus : (order[0] ?? null);
  if (f === null) return sel;
  const on = sel.selected.includes(f);
  return { selected: on ? sel.selected.filter((h) => h !== f) : [...sel.selected, f], anchor: f, focus: f };
}

export function selectAll(order: readonly string[], sel: TorrentSelection): TorrentSelection {
  return { selected: [...order], anchor: sel.anchor ?? order[0] ?? null, focus: sel.focus ?? order[0] ?? null };
}

/** Forget rows that are gone (a removed torrent is not "selected" when another arrives). */
export function pruneSelection(sel: TorrentSelection, order: readonly string[]): TorrentSelection {
  const present = new Set(order);
  const selected = sel.selected.filter((h) => present.has(h));
  const anchor = sel.anchor !== null && present.has(sel.anchor) ? sel.anchor : null;
  const focus = sel.focus !== null && present.has(sel.focus) ? sel.focus : null;
  if (selected.length === sel.selected.length && anchor === sel.anchor && focus === sel.focus) return sel;
  return { selected, anchor, focus };
}
