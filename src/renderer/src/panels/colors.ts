/** Series colours by position in the panel definition: CSS variables, so themes can change them. */
const COLORS = ['--series-1', '--series-2', '--series-3', '--series-4', '--series-5', '--series-6'];

export function seriesColor(slot: number): string {
  return `var(${COLORS[slot % COLORS.length]})`;
}
