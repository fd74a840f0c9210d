# Generator kept for provenance: turns spec/sources-mapping.tsv (a copy of ../shared/sources/mapping.tsv)
# into src/main/sources/daemon-cells.ts, each engine's cell per metric, where the adapters take
# the reason a metric is not reported from.
#   python3 scripts/gen-daemon-cells.py spec/sources-mapping.tsv > src/main/sources/daemon-cells.ts
import json, sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])]
head, rows = rows[0], rows[1:]
cols = {'libtorrent': 5, 'qbittorrent': 6, 'transmission': 7}
print('// Generated from spec/sources-mapping.tsv by scripts/gen-daemon-cells.py; do not edit.')
print('// Each engine\'s cell of the mapping table, per metric of our registry.')
print('export const DAEMON_CELLS: Readonly<Record<\'libtorrent\' | \'qbittorrent\' | \'transmission\', Readonly<Record<string, string>>>> = {')
for k, c in cols.items():
    print('  %s: {' % k)
    for r in rows:
        print('    %s: %s,' % (json.dumps(r[1]).replace('"', "'"), json.dumps(r[c], ensure_ascii=False)))
    print('  },')
print('};')
