import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Two rules of the tree that Biome does not check (issue 11): no import circle in src (type-only
 * and on-demand `import()` included: a circle is a seam that does not exist), and no file over
 * 400 lines except the data tables. Read from the files as they are, so a new circle or an
 * oversized file fails here with its names.
 */

const root = join(import.meta.dirname, '../..');
const MAX_LINES = 400;
/** Data, not logic: the dashboards as data and the generated registry. */
const DATA_TABLES = new Set(['src/shared/panels.ts', 'src/shared/registry-data.ts']);

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const IMPORT = /(?:import|export)\s+(?:type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')])
    if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

/** Strongly connected components of more than one file (Tarjan), as paths relative to the repo. */
function importCircles(files: readonly string[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const deps = new Set<string>();
    for (const m of readFileSync(f, 'utf8').matchAll(IMPORT)) {
      const r = resolveImport(f, (m[1] ?? m[2]) as string);
      if (r) deps.add(r);
    }
    graph.set(f, [...deps]);
  }
  let next = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const circles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        scc.push(relative(root, w));
      } while (w !== v);
      if (scc.length > 1) circles.push(scc.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return circles;
}

describe('the shape of the tree', () => {
  const files = sources(join(root, 'src'));

  it('has no import circle in src', () => {
    expect(importCircles(files)).toEqual([]);
  });

  it('finds a circle when there is one, type-only and on-demand imports included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidegauge-circle-'));
    try {
      const file = (name: string, text: string) => {
        writeFileSync(join(dir, name), text);
        return join(dir, name);
      };
      const a = file('a.ts', "import type { B } from './b';\nexport type A = B;\n");
      const b = file('b.ts', "export type B = 1;\nexport const load = () => import('./a');\n");
      const c = file('c.ts', "import type { B } from './b';\nexport type C = B;\n");
      const found = importCircles([a, b, c]);
      expect(found).toHaveLength(1);
      expect(found[0]?.map((p) => p.split('/').pop())).toEqual(['a.ts', 'b.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no file over 400 lines except the data tables', () => {
    const long = files
      .map((f) => [relative(root, f), readFileSync(f, 'utf8').split('\n').length - 1] as const)
      .filter(([path, lines]) => lines > MAX_LINES && !DATA_TABLES.has(path));
    expect(long).toEqual([]);
  });
});
