/** package.json's version, set by electron.vite.config.ts's renderer `define`. */
declare const __APP_VERSION__: string;
