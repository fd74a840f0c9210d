// The synthetic day the compare benches open (bench/compare.ts, compare-groups.ts, _open-phases.ts).
//
// Why not test/sessions/helpers.ts makeData: its counters all grow independently (counter i by
// (i+1) x 1000 per second) and its gauges wander mod 50, so payload bytes are above wire bytes,
// TCP + uTP never equals the total, and a "rate" has nothing to do with the counter it is the
// rate of, at every one of the 86,400 samples: ~667,000 invariant violations per session. Every
// reader tallies the invariants over every sample (findings), so the bench measured the tally
// of two thirds of a million violations, work no session from a real engine makes the open path
// do. The unit tests keep makeData (its values are what they assert); the benches use this day.
//
// Same shape of work as makeData otherwise: every counter moves and every gauge changes at
// every sample, with the same magnitudes. What is made consistent:
//   - wire = TCP + uTP (counters, and the rate gauges with the same split);
//   - payload = 97 % of wire, rounded down (payload <= wire, counters and rates);
//   - each byte-rate gauge is what its counter moved in the second before the sample, in whole
//     bytes, so it agrees with the counter-derived rate the rate-vs-counter rule checks.
// `makeBenchDay` checks the invariants over its first hour and throws if one breaks, so a later
// edit cannot quietly bring the violations back.
import { checkInvariants, DEFAULT_RATE_WINDOW } from '../src/shared/invariants';
import { ColumnBuilder, type SessionData } from '../src/shared/session/data';
import type { SessionMeta } from '../src/shared/session/meta';

/** [wire, tcp, utp, payload] counters and [wire, tcp, utp, payload] rate gauges, per direction. */
const DIRECTIONS = [
  {
    counters: ['net.bytes_sent', 'net.tcp_bytes_sent', 'net.utp_bytes_sent', 'bw.total_uploaded'],
    rates: ['bw.upload_rate', 'bw.upload_rate_tcp', 'bw.upload_rate_utp', 'bw.payload_upload_rate'],
    perS: 40_000,
  },
  {
    counters: ['net.bytes_recv', 'net.tcp_bytes_recv', 'net.utp_bytes_recv', 'bw.total_downloaded'],
    rates: ['bw.download_rate', 'bw.download_rate_tcp', 'bw.download_rate_utp', 'bw.payload_download_rate'],
    perS: 400_000,
  },
] as const;

export function makeBenchDay(rows: number, meta: SessionMeta): SessionData {
  const reg = meta.registry;
  const at = (name: string) => {
    const i = reg.findIndex((e) => e.name === name);
    if (i < 0) throw new Error(`bench day: no metric ${name}`);
    return i;
  };
  const dirs = DIRECTIONS.map((d) => ({ c: d.counters.map(at), g: d.rates.map(at), perS: d.perS }));
  const tied = new Set(dirs.flatMap((d) => [...d.c, ...d.g]));
  const b = new ColumnBuilder(reg.length, rows);
  const v = new Float64Array(reg.length);
  const totals = dirs.map(() => [0, 0, 0]); // wire, tcp, utp
  for (let r = 0; r < rows; r++) {
    // Everything else exactly as makeData has it.
    reg.forEach((e, i) => {
      if (tied.has(i)) return;
      v[i] = i === 3 ? Number.NaN : e.kind === 'counter' ? r * (i + 1) * 1000 + 0.5 * (r % 3) : (r * 7 + i) % 50;
    });
    dirs.forEach((d, k) => {
      const tot = totals[k] as number[];
      // Bytes of the second before sample r: wandering like makeData's gauges, never 0.
      const tcp = r === 0 ? 0 : Math.round(d.perS * (0.5 + ((r * 7 + k) % 50) / 50));
      const utp = r === 0 ? 0 : Math.round(tcp * (0.1 + ((r * 3 + k) % 10) / 100));
      tot[1] = (tot[1] as number) + tcp;
      tot[2] = (tot[2] as number) + utp;
      tot[0] = (tot[1] as number) + (tot[2] as number);
      const payload = Math.floor((tot[0] as number) * 0.97);
      const payloadBefore = Math.floor(((tot[0] as number) - tcp - utp) * 0.97);
      const [cw, ct, cu, cp] = d.c as [number, number, number, number];
      const [gw, gt, gu, gp] = d.g as [number, number, number, number];
      v[cw] = tot[0] as number;
      v[ct] = tot[1] as number;
      v[cu] = tot[2] as number;
      v[cp] = payload;
      v[gw] = tcp + utp;
      v[gt] = tcp;
      v[gu] = utp;
      v[gp] = payload - payloadBefore;
    });
    b.push(meta.startedAt + r * meta.intervalMs, r % 10 < 3, v);
  }
  const data = b.build(meta);
  const hour = Math.min(rows, 3600);
  const head = { t: data.t.subarray(0, hour), columns: data.columns.map((c) => c.subarray(0, hour)) };
  const broken = checkInvariants(reg, head, { rateWindow: DEFAULT_RATE_WINDOW });
  if (broken.length > 0) throw new Error(`bench day breaks an invariant: ${broken[0]?.rule} ${broken[0]?.detail}`);
  return data;
}
