# One-off generator kept for provenance: turns ../shared/spec into src/shared/registry-data.ts.
import re, sys, json
spec = sys.argv[1]
rows = [l.rstrip('\n').split('\t') for l in open(f'{spec}/metrics.tsv')][1:]
text = open(f'{spec}/session-stats-module.txt').read()
# Descriptions: "- CONST_ NAME - Description" with line breaks inside the constant name.
flat = re.sub(r'([A-Z0-9])_\s+(?=[A-Z0-9])', r'\1_', text)
flat = ' '.join(flat.split())
consts = [r[1] for r in rows] + ['DIAGNOSTIC_COUNTERS_START', 'NUM_METRICS']
marks = sorted((m.start(), m.end(), c) for c in consts for m in re.finditer(r'- %s - ' % c, flat))
ends = [m[0] for m in marks[1:]] + [flat.find('Functions')]
desc = {}
for (start, end, c), stop in zip(marks, ends):
    d = re.sub(r'^Metric index: ', '', flat[end:stop].strip())
    desc[c] = d[0].upper() + d[1:]
out = ['// Generated from ../shared/spec/metrics.tsv and session-stats-module.txt by scripts/gen-registry.py.',
       '// Index order is the registry order; tests compare this file with the TSV row by row.',
       "import type { MetricRow } from './registry-types';", '',
       'export const METRIC_ROWS: readonly MetricRow[] = [']
for r in rows:
    idx, const, name, kind, cat, unit, diag, verified, dep = r
    out.append('  [%s, %s, %s, %s, %s, %s, %s, %s, %s, %s],' % (idx, json.dumps(const), json.dumps(name), json.dumps(kind), json.dumps(cat), json.dumps(unit), 'true' if diag=='yes' else 'false', json.dumps(verified), 'true' if dep=='yes' else 'false', json.dumps(desc.get(const, ''))))
out.append('];')
out.append('')
out.append('/** Metric index by constant name, e.g. M.NET_BYTES_SENT === 0. */')
out.append('export const M = {')
for r in rows:
    out.append('  %s: %s,' % (r[1], r[0]))
out.append('} as const;')
print('\n'.join(out))
missing = [r[1] for r in rows if r[1] not in desc]
print('missing descriptions:', missing, file=sys.stderr)
