#!/usr/bin/env node
// `npm start`: launch the desktop app, or say in one line why not and what to run instead.
// `npm run dev` (--dev): the same app under electron-vite's dev server, with hot reload of the UI.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');

function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const bin = electronBinary();
if (!bin) {
  console.error(
    'tidegauge: the Electron binary is not installed on this machine (run `npx install-electron` where downloads work); use `npm run serve` to open Tidegauge in a browser instead.',
  );
  process.exit(1);
}
const args = process.argv.slice(2);
if (args[0] === '--dev') {
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const child = spawn(process.execPath, [cli, 'dev', ...(args.length > 1 ? ['--', ...args.slice(1)] : [])], {
    stdio: 'inherit',
    cwd: root,
  });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
} else if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
  console.error('tidegauge: the build is missing (out/main/index.js); run `npm run build` first.');
  process.exit(1);
} else {
  const child = spawn(bin, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}
