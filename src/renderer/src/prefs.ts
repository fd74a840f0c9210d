/** Preferences remembered across restarts (localStorage; a blocked storage just forgets). */

export type Theme = 'light' | 'dark';

const KEY = { theme: 'tidegauge.theme', diagnostics: 'tidegauge.diagnostics' } as const;

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage disabled (private mode, a sandbox): the preference lasts for this page only.
  }
}

export function storedTheme(): Theme | null {
  const v = read(KEY.theme);
  return v === 'light' || v === 'dark' ? v : null;
}

/** The theme to start with: the remembered one, else the system's. */
export function initialTheme(): Theme {
  return storedTheme() ?? (window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark');
}

export function applyTheme(theme: Theme, remember: boolean): void {
  document.documentElement.dataset.theme = theme;
  if (remember) write(KEY.theme, theme);
}

/** The diagnostics state the user last chose, or null if they never touched the switch. */
export function storedDiagnostics(): boolean | null {
  const v = read(KEY.diagnostics);
  return v === 'on' ? true : v === 'off' ? false : null;
}

export function rememberDiagnostics(on: boolean): void {
  write(KEY.diagnostics, on ? 'on' : 'off');
}
