/*
 * The toolbar button, every panel's menu and the desktop menu's File > Export report ask for an
 * export through this module rather than a React context, so each view (live, replay, compare)
 * mounts its own exporter beside its content. Only the view being shown registers, and the
 * last one registered answers: a replay's panel menu exports the replayed session, never the
 * live one hidden behind it.
 */
type Opener = (panels?: readonly string[]) => void;
const openers: Opener[] = [];

/** Answer export requests while the returned function has not been called. */
export function registerExporter(open: Opener): () => void {
  openers.push(open);
  return () => {
    const i = openers.lastIndexOf(open);
    if (i >= 0) openers.splice(i, 1);
  };
}

/** Open the export dialog of the view shown, preset to these panels (a panel's menu) or its own choice. */
export function requestExport(panels?: readonly string[]): void {
  openers[openers.length - 1]?.(panels);
}
