import { useState } from 'react';

/*
 * The range of an instance to open as a session: a preset (the last hour, day, week …, ending
 * now) or a from/to of its own, in local time. The dialog asks for the resolved range when it
 * imports, so a preset always ends at the moment of the click.
 */

export const PRESETS = [
  { label: 'Last 15 min', s: 900 },
  { label: 'Last 1 h', s: 3600 },
  { label: 'Last 6 h', s: 6 * 3600 },
  { label: 'Last 24 h', s: 86_400 },
  { label: 'Last 7 d', s: 7 * 86_400 },
];
const CUSTOM = 'custom';

export type RangeChoice = { readonly preset: number } | { readonly from: string; readonly to: string };

/** "2026-12-02T13:05:09" in local time, what a datetime-local input holds (to the second). */
export function localInput(epochS: number): string {
  const d = new Date(epochS * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The range in epoch seconds, or why it cannot be asked for. */
export function resolveRange(c: RangeChoice, nowS: number): { from: number; to: number } | { error: string } {
  if ('preset' in c) return { from: Math.floor(nowS) - c.preset, to: Math.floor(nowS) };
  // A datetime-local value has no zone: Date reads it as local time, as the user typed it.
  const from = Date.parse(c.from) / 1000;
  const to = Date.parse(c.to) / 1000;
  if (!Number.isFinite(from) || !Number.isFinite(to)) return { error: 'Give both a start and an end.' };
  if (to <= from) return { error: 'The range must end after it starts.' };
  if (from > nowS) return { error: 'The range starts in the future.' };
  return { from: Math.floor(from), to: Math.floor(Math.min(to, nowS)) };
}

export function FleetRange({
  value,
  onChange,
  disabled,
}: {
  value: RangeChoice;
  onChange: (c: RangeChoice) => void;
  disabled: boolean;
}) {
  // The custom fields keep what was typed while a preset is picked in between.
  const [custom, setCustom] = useState(() => {
    const now = Date.now() / 1000;
    return { from: localInput(now - 3600), to: localInput(now) };
  });
  const isCustom = !('preset' in value);
  const set = (next: { from: string; to: string }) => {
    setCustom(next);
    onChange(next);
  };
  return (
    <span className="fleet-range">
      <select
        aria-label="Range"
        data-testid="fleet-range"
        value={isCustom ? CUSTOM : String(value.preset)}
        onChange={(e) => onChange(e.target.value === CUSTOM ? custom : { preset: Number(e.target.value) })}
        disabled={disabled}
      >
        {PRESETS.map((r) => (
          <option key={r.s} value={r.s}>
            {r.label}
          </option>
        ))}
        <option value={CUSTOM}>From … to …</option>
      </select>
      {isCustom &&
        (['from', 'to'] as const).map((end) => (
          <input
            key={end}
            type="datetime-local"
            step={1}
            aria-label={end === 'from' ? 'From' : 'To'}
            data-testid={`fleet-${end}`}
            value={value[end]}
            onChange={(e) => set({ ...value, [end]: e.target.value })}
            disabled={disabled}
          />
        ))}
    </span>
  );
}
