# Generator kept for provenance: turns spec/ (a copy of ../shared/spec) into src/shared/registry-data.ts.
#   python3 scripts/gen-registry.py spec > src/shared/registry-data.ts
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

# The module text is rustdoc's rendered page, which drops the spaces around `code` spans
# ("total AcquirePiecerequests handled"). These are the spans the doc comments had; constant
# names are spans too. Each must occur in the text, so a new spec cannot silently skip one.
CODE_SPANS = ['AcquirePiece', 'NoneAvailable', 'acquire_piece', 'order_map.order', 'piece_notify',
              'reservation_notify', 'queue_pieces', 'O(num_pieces / 8)', 'O(num_pieces)',
              'SessionCounters::diagnostics']
for span in CODE_SPANS:
    if span not in flat: sys.exit(f'code span {span!r} is not in the module text any more')

def spaced(d):
    # Longest first, so O(num_pieces / 8) is handled before O(num_pieces).
    for span in sorted(CODE_SPANS, key=len, reverse=True):
        q = re.escape(span)
        d = re.sub(r'(?<=[A-Za-z0-9])(?=%s)' % q, ' ', d)
        d = re.sub(r'(?<=%s)(?=[A-Za-z0-9(])' % q, ' ', d)
    # A constant glues to lower-case prose ("againstDISPATCH_ACQUIRE_TOTALreveals"); an upper-case
    # or "_" neighbour is a longer constant (DHT_NODES in DHT_NODES_V4) and stays as it is.
    for c in sorted(consts, key=len, reverse=True):
        q = re.escape(c)
        d = re.sub(r'(?<=[a-z])(?=%s)' % q, ' ', d)
        d = re.sub(r'(?<=%s)(?=[a-z(])' % q, ' ', d)
    # A word hyphenated across a line break in the doc comment: "short- circuits".
    return re.sub(r'(?<=[a-z])- (?=[a-z])', '-', d)

desc = {}
for (start, end, c), stop in zip(marks, ends):
    d = spaced(re.sub(r'^Metric index: ', '', flat[end:stop].strip()))
    # Capitalise prose, never an identifier ("acquire_piece calls …").
    desc[c] = d if any(d.startswith(s) for s in CODE_SPANS) else d[0].upper() + d[1:]
out = ['// Generated from spec/metrics.tsv and spec/session-stats-module.txt by scripts/gen-registry.py.',
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
if missing: sys.exit(f'missing descriptions: {missing}')
# Anything still glued: prose against a CONSTANT_NAME or against a CamelCase identifier.
GLUED = r'[a-z][A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Z0-9]_[A-Z0-9_]*[A-Z0-9][a-z(]|[a-z]{2}[A-Z][a-z]+[A-Z]'
glued = [(c, d) for c, d in desc.items() if re.search(GLUED, d)]
for c, d in glued: print(f'warning: {c}: text may still be glued: {d}', file=sys.stderr)
