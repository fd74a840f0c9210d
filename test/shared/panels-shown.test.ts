import { describe, expect, it } from 'vitest';
import { bindPanel } from '../../src/shared/panel-data';
import { PANELS } from '../../src/shared/panels';
import { panelsFor, sectionsFor } from '../../src/shared/panels-shown';
import { builtinRegistry, M } from '../../src/shared/registry';
import { extraEntries } from '../../src/shared/session/extras';

const ours = builtinRegistry();
const withExtras = (names: string[]) => [
  ...ours,
  ...extraEntries(
    {
      section: 'libtorrent',
      metrics: names.map((name) => ({ name, kind: 'counter' as const })),
      values: new Float64Array(),
    },
    new Set(ours.map((e) => e.name)),
  ),
];

describe('libtorrent panels: shown only for a stream that has libtorrent’s counters', () => {
  it('our 99 alone: no libtorrent section, every other section as before', () => {
    expect(sectionsFor(ours).map((s) => s.id)).not.toContain('libtorrent');
    expect(sectionsFor(ours).length).toBe(7);
    expect(panelsFor('libtorrent', ours)).toEqual([]);
    expect(panelsFor('disk', ours).length).toBe(PANELS.filter((p) => p.section === 'disk').length);
  });

  it('a stream with some of them shows the section and the panels it can feed, no others', () => {
    const reg = withExtras(['utp.utp_packet_loss', 'utp.utp_timeout', 'net.sent_ip_overhead_bytes']);
    expect(sectionsFor(reg).map((s) => s.id)).toContain('libtorrent');
    expect(panelsFor('libtorrent', reg).map((p) => p.id)).toEqual(['lt.utp', 'lt.ip_overhead']);
  });

  it('a metric the stream lacks is a series not drawn, with the reason, never a zero line', () => {
    const reg = withExtras(['net.sent_ip_overhead_bytes', 'disk.disk_hash_time']);
    const overhead = PANELS.find((p) => p.id === 'lt.ip_overhead');
    const b = bindPanel(overhead!, reg, {});
    expect(b.series.map((s) => s.label)).toEqual(['Up']);
    expect(b.unavailable).toEqual([
      { label: 'Down', slot: 0, reason: "net.recv_ip_overhead_bytes is not in this stream's registry" },
    ]);
    // The disk split: the hash share of our disk.job_time_us is drawn; read and write are not.
    const split = bindPanel(PANELS.find((p) => p.id === 'lt.disk_time')!, reg, {});
    expect(split.series.map((s) => s.label)).toEqual(['Hash']);
    expect(split.unavailable.map((u) => [u.label, u.reason])).toEqual([
      ['Read', "disk.disk_read_time not in this stream's registry"],
      ['Write', "disk.disk_write_time not in this stream's registry"],
    ]);
    // …and not where the source cannot report disk.job_time_us.
    const noJobs = bindPanel(PANELS.find((p) => p.id === 'lt.disk_time')!, reg, {
      [M.DISK_JOB_TIME_US]: 'no disk figures',
    });
    expect(noJobs.series).toEqual([]);
  });
});
