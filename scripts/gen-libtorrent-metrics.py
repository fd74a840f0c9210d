# Generator kept for provenance: turns spec/libtorrent-2.0.8-session_stats_metrics.tsv (from
# lt.session_stats_metrics(), python3-libtorrent 2.0.8) into src/main/sources/deluge/libtorrent-metrics.ts.
#   python3 scripts/gen-libtorrent-metrics.py spec/libtorrent-2.0.8-session_stats_metrics.tsv > src/main/sources/deluge/libtorrent-metrics.ts
import sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])][1:]
print('// Generated from spec/libtorrent-2.0.8-session_stats_metrics.tsv by scripts/gen-libtorrent-metrics.py; do not edit.')
print('// libtorrent 2.0.8\'s session counters in value_index order: name -> kind.')
print("export const LIBTORRENT_KINDS: Readonly<Record<string, 'counter' | 'gauge'>> = {")
for r in rows: print("  '%s': '%s'," % (r[1], r[2]))
print('};')
