import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The layer rules of biome.json, checked the way a developer meets them: probe files that
 * import against a rule (and beside them files that import the allowed way) in a scratch
 * tree with the project's own biome.json, linted by the project's Biome. A rule that stops
 * firing, or fires on an allowed import, fails here.
 */

const root = join(import.meta.dirname, '../..');
let dir = '';

type Diagnostic = { category: string; message: string; location: { path: string } };

const PROBES: Record<string, string> = {
  'test/helpers/h.ts': 'export const h = 1;\n',
  'src/shared/registry.ts': 'export const r = 1;\n',
  'src/shared/library.ts': 'export const l = 1;\n',
  'src/shared/series.ts': 'export const s = 1;\n',
  'src/shared/compare/stats.ts': "import { r } from '../registry';\nexport const c = r;\n",
  'src/main/web/WebShell.ts': 'export const w = 1;\n',
  // against the rules
  'src/main/bad-test.ts': "import { h } from '../../test/helpers/h';\nexport const x = h;\n",
  'src/main/bad-electron.ts': "import { app } from 'electron';\nexport const x = app;\n",
  'src/renderer/src/bad-main.ts': "import { w } from '../../main/web/WebShell';\nexport const x = w;\n",
  'src/shared/bad-node.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
  'src/shared/session/bad-up.ts': "import { c } from '../compare/stats';\nexport const x = c;\n",
  'src/shared/session/bad-contract.ts': "import { l } from '../library';\nexport const x = l;\n",
  'src/shared/compare/bad-up.ts': "import { s } from '../series';\nexport const x = s;\n",
  // allowed
  'src/main/electron/ok.ts': "import { app } from 'electron';\nexport const x = app;\n",
  'src/shared/session/ok.ts': "import { r } from '../registry';\nexport const x = r;\n",
  'src/shared/ok-up.ts': "import { c } from './compare/stats';\nexport const x = c;\n",
};

function lint(): Diagnostic[] {
  const biome = join(root, 'node_modules/.bin/biome');
  let out: string;
  try {
    out = execFileSync(biome, ['lint', '--reporter=json', '.'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? '');
  }
  const parsed = JSON.parse(out) as { diagnostics: Diagnostic[] };
  return parsed.diagnostics.filter((d) => d.category === 'lint/style/noRestrictedImports');
}

describe('layer rules (biome.json noRestrictedImports)', () => {
  let found: Diagnostic[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tidegauge-layers-'));
    copyFileSync(join(root, 'biome.json'), join(dir, 'biome.json'));
    for (const [rel, text] of Object.entries(PROBES)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    found = lint();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['src/main/bad-test.ts', 'Nothing in src imports tests'],
    ['src/main/bad-electron.ts', 'Only src/main/electron may import Electron'],
    ['src/renderer/src/bad-main.ts', 'never src/main'],
    ['src/shared/bad-node.ts', 'no Node built-ins'],
    ['src/shared/session/bad-up.ts', 'src/shared/session is the file format'],
    ['src/shared/session/bad-contract.ts', 'src/shared/session is the file format'],
    ['src/shared/compare/bad-up.ts', 'src/shared/compare sits below'],
  ])('%s is refused', (path, message) => {
    const hits = found.filter((d) => d.location.path === path);
    expect(hits.map((d) => d.message).join('\n')).toContain(message);
  });

  it('allowed imports pass: Electron in src/main/electron, base modules below, contracts above', () => {
    const allowed = ['src/main/electron/ok.ts', 'src/shared/session/ok.ts', 'src/shared/ok-up.ts'];
    expect(found.filter((d) => allowed.includes(d.location.path))).toEqual([]);
  });
});
