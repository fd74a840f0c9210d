#!/usr/bin/env node
// The `tidegauge` command: runs the built CLI (out/main/cli.js, made by `npm install`/`npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error(
    'tidegauge: the build is missing (out/main/cli.js). Run `npm run build` in the Tidegauge folder first.',
  );
  process.exit(1);
}
const { main } = await import(cli.href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
