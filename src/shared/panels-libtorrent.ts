import type { PanelDef, PanelSeriesDef } from './panel-types';

/*
 * The panels libtorrent's own tools draw (tools/parse_session_stats.py), over libtorrent's
 * counters that none of our 99 names maps onto: a Deluge source or a libtorrent log carries
 * them as extra columns under libtorrent's names. Each panel requires one of them, so it (and
 * the section) shows only for a stream that has them; a series whose metric the stream lacks
 * is listed as not drawn, never drawn as zero.
 */

const m = (metric: string, label: string): PanelSeriesDef => ({ metric, label });
const d = (derived: string, label: string): PanelSeriesDef => ({ derived, label });

export const LIBTORRENT_PANELS: readonly PanelDef[] = [
  {
    id: 'lt.utp',
    title: 'uTP packet loss & timeouts',
    section: 'libtorrent',
    unit: '/s',
    chart: 'line',
    requires: ['utp.utp_packet_loss', 'utp.utp_timeout'],
    series: [
      m('utp.utp_packet_loss', 'Packets lost'),
      m('utp.utp_timeout', 'Timeouts'),
      m('utp.utp_packet_resend', 'Resent'),
      m('utp.utp_fast_retransmit', 'Fast retransmits'),
    ],
    description: "libtorrent's uTP sockets: packets detected lost, timeouts, resends and fast retransmits.",
  },
  {
    id: 'lt.ip_overhead',
    title: 'IP overhead',
    section: 'libtorrent',
    unit: 'B/s',
    chart: 'line',
    requires: ['net.recv_ip_overhead_bytes', 'net.sent_ip_overhead_bytes'],
    series: [m('net.recv_ip_overhead_bytes', 'Down'), m('net.sent_ip_overhead_bytes', 'Up')],
    description: 'IP and TCP/UDP header bytes libtorrent estimates for its traffic, in and out.',
  },
  {
    id: 'lt.disk_time',
    title: 'Disk time split',
    section: 'libtorrent',
    unit: 'ratio',
    chart: 'line',
    requires: ['disk.disk_read_time', 'disk.disk_write_time', 'disk.disk_hash_time'],
    series: [d('lt.disk_read_share', 'Read'), d('lt.disk_write_share', 'Write'), d('lt.disk_hash_share', 'Hash')],
    description:
      "Shares of libtorrent's disk job time (its disk.disk_job_time, our disk.job_time_us) spent reading, writing and hashing; the rest is other jobs.",
  },
  {
    id: 'lt.request_latency',
    title: 'Request latency',
    section: 'libtorrent',
    unit: 'us',
    chart: 'line',
    requires: ['disk.request_latency'],
    series: [m('disk.request_latency', 'Request to reply')],
    description: "libtorrent's disk.request_latency: from a peer's block request to our reply on the socket (µs).",
  },
];
