/* Why a report cannot be rendered before any page is loaded: no engine, or a named one missing. */

/** The engine (Electron or a Chromium) cannot be used: the CLI prints the message and exits 1. */
export class EngineError extends Error {}

const CHROMIUM_HINT =
  'install Chromium (e.g. `apt-get install chromium`), or name one with --chromium PATH or the TIDEGAUGE_CHROMIUM environment variable';

/** Neither renderer found (auto), or no Chromium (--renderer chromium). */
export class NoBrowserError extends EngineError {
  constructor(electronLooked = true) {
    super(
      electronLooked
        ? "nothing found to render the report with: Electron is not installed (the project's electron package has no binary, " +
            `and TIDEGAUGE_ELECTRON is not set) and no Chromium-family browser was found: ${CHROMIUM_HINT}`
        : `no Chromium-family browser found to render the report: ${CHROMIUM_HINT}`,
    );
  }
}

/** --renderer electron, and no Electron binary. */
export class ElectronNotFoundError extends EngineError {
  constructor() {
    super(
      "--renderer electron: the Electron binary is not installed (the project's electron package has no binary in " +
        'node_modules/electron/dist; run `npx install-electron` where downloads work, or name a binary with the ' +
        'TIDEGAUGE_ELECTRON environment variable), or render in a Chromium with --renderer chromium',
    );
  }
}
