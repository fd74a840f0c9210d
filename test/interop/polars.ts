// Interop check, run by CI after `npm test` (`npm run test:interop`): Polars, a reader that
// shares no code with ours (Rust's Arrow implementation), opens a Tidegauge session file and
// sees the same rows, types, nulls and metadata. Needs nodejs-polars' native binary, which npm
// will not install on Node 20 as an optional dependency (it asks for Node 22), so CI adds it with
// `npm install --no-save nodejs-polars nodejs-polars-linux-x64-gnu` (see .ci/run).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { M } from '../../src/shared/registry';
import { makeData, makeMeta } from '../sessions/helpers';

interface Frame {
  shape: { height: number; width: number };
  columns: string[];
  getColumn(name: string): { toArray(): unknown[]; nullCount(): number; dtype: { toString(): string } };
}
interface Polars {
  readIPCStream(buf: Buffer): Frame;
}

const require = createRequire(import.meta.url);
let pl: Polars;
try {
  pl = require('nodejs-polars') as Polars;
} catch (e) {
  console.error(`interop: cannot load nodejs-polars (${(e as Error).message.split('\n')[0]})`);
  console.error(
    'interop: install it with `npm install --no-save nodejs-polars@0.26.1 nodejs-polars-linux-x64-gnu@0.26.1`',
  );
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'tg-interop-'));
let failed = 0;
const check = (what: string, got: unknown, want: unknown) => {
  const ok = JSON.stringify(got) === JSON.stringify(want);
  if (!ok) failed++;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${what}: ${JSON.stringify(got)}${ok ? '' : ` (expected ${JSON.stringify(want)})`}`,
  );
};
try {
  // 9000 samples: three record batches, each with its checksum in the batch's custom metadata.
  const N = 9000;
  const data = makeData(N, makeMeta());
  const file = join(dir, 'interop.arrow');
  await writeSessionFile(data, file);
  const df = pl.readIPCStream(readFileSync(file));
  check('rows x columns', [df.shape.height, df.shape.width], [N, 2 + data.meta.registry.length]);
  check('first columns', df.columns.slice(0, 3), ['t', 'diagnostics', 'net.bytes_sent']);
  check('time type', df.getColumn('t').dtype.toString(), 'DataType(Datetime(ms,UTC))');
  const sent = df.getColumn('net.bytes_sent').toArray() as number[];
  check(`net.bytes_sent at row ${N - 1}`, sent[N - 1], data.columns[M.NET_BYTES_SENT]?.[N - 1]);
  check('a not-reported metric is all null', df.getColumn('net.num_half_open').nullCount(), N);
  const diag = df.getColumn('diagnostics').toArray() as boolean[];
  check('diagnostics flags', diag.filter(Boolean).length, Array.from(data.diagnostics).filter((d) => d === 1).length);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`interop: ${6 - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
