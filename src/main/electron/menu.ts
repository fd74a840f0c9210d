import type { MenuItemConstructorOptions } from 'electron';
import type { HostMenu } from '../../shared/api';

export interface MenuActions {
  readonly mac: boolean;
  readonly packaged: boolean;
  /** Whether this app can record (it has a data folder and recording was not switched off). */
  readonly canRecord: boolean;
  readonly diagnostics: boolean;
  chooseFiles(): void;
  /** Ask the focused window's page to carry out a menu command. */
  tell(action: HostMenu['action']): void;
  setRecording(enabled: boolean): void;
  setDiagnostics(enabled: boolean): void;
}

/** The application menu; every item that changes the session goes through the dispatcher's commands. */
export function menuTemplate(a: MenuActions): MenuItemConstructorOptions[] {
  return [
    ...(a.mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Session or Log…', accelerator: 'CmdOrCtrl+O', click: () => a.chooseFiles() },
        { label: 'Library', accelerator: 'CmdOrCtrl+L', click: () => a.tell('open-library') },
        { label: 'Live Session', accelerator: 'CmdOrCtrl+1', click: () => a.tell('open-live') },
        { type: 'separator' },
        { label: 'Export PNG Report…', accelerator: 'CmdOrCtrl+E', click: () => a.tell('export-report') },
        { type: 'separator' },
        {
          label: 'Record Sessions',
          type: 'checkbox',
          checked: a.canRecord,
          enabled: a.canRecord,
          click: (item) => a.setRecording(item.checked),
        },
        { type: 'separator' },
        a.mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'View',
      submenu: [
        {
          label: 'Diagnostics',
          type: 'checkbox',
          checked: a.diagnostics,
          click: (item) => a.setDiagnostics(item.checked),
        },
        { label: 'Light/Dark Theme', click: () => a.tell('toggle-theme') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(a.packaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
  ];
}
