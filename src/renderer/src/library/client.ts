import type { LibraryApi } from '../../../shared/library';
import { connectLibrary } from '../api/library';

/*
 * One LibraryApi for the page, and a change signal so every view that lists sessions refreshes
 * after an import, a rename or a delete made elsewhere in the app.
 */

let api: LibraryApi | null = null;
export function libraryApi(): LibraryApi {
  api ??= connectLibrary();
  return api;
}

const listeners = new Set<() => void>();
export function onLibraryChanged(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
export function notifyLibraryChanged(): void {
  for (const l of listeners) l();
}
