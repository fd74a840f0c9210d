import type { ImportResult, LibraryApi, LibraryListing, SessionSummary } from '../../../shared/library';
import { printable, printableText } from '../../../shared/printable';

/*
 * What a session says about itself (its title, notes, tags, source, the file it came from)
 * may come from a file someone sent. React escapes HTML, not control or bidi characters: an
 * RLO reverses the text after it, an ESC or a zero-width space hides in a title. Every view
 * gets the library's answers through here, so those characters show as visible escapes
 * (\x1b, \u202e) wherever the text is drawn (events' texts too). Ids, metric names and marker names are left as
 * they are: they are keys the page sends back to the host.
 */

function summary<T extends SessionSummary>(s: T): T {
  return {
    ...s,
    title: printable(s.title),
    notes: printableText(s.notes),
    tags: s.tags.map(printable),
    source: s.source && {
      ...s.source,
      label: printable(s.source.label),
      ...(s.source.detail === undefined ? {} : { detail: printable(s.source.detail) }),
    },
    origin: s.origin?.type === 'import' ? { ...s.origin, file: printable(s.origin.file) } : s.origin,
    warnings: s.warnings.map(printable),
    error: s.error === null ? null : printable(s.error),
  };
}

function imported(r: ImportResult): ImportResult {
  const report = r.report && {
    ...r.report,
    mapped: r.report.mapped.map((m) => ({ from: printable(m.from), to: printable(m.to) })),
    kept: r.report.kept.map(printable),
    leftOut: r.report.leftOut.map(printable),
    notes: r.report.notes.map(printable),
  };
  return { summary: summary(r.summary), report };
}

/** `api` with every summary, detail and import report made printable. */
export function printableLibrary(api: LibraryApi): LibraryApi {
  return {
    ...api,
    list: async () => {
      const l: LibraryListing = await api.list();
      return { ...l, sessions: l.sessions.map(summary) };
    },
    get: async (id) => {
      const d = summary(await api.get(id));
      // An event's text came from the engine that sent the alert, or from the file.
      return { ...d, events: (d.events ?? []).map((e) => ({ ...e, text: printable(e.text) })) };
    },
    update: async (id, fields) => summary(await api.update(id, fields)),
    importFile: async (name, bytes, q) => imported(await api.importFile(name, bytes, q)),
  };
}
