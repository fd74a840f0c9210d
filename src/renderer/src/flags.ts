/**
 * Switches read from the page URL, for benchmarks and debugging:
 *   ?downsample=off   the naive baseline for the frame benchmark: keep every sample (about
 *                     1.8 h at 10 Hz) and hand every point of a window to the charts (no
 *                     coarser levels, no LTTB)
 *   ?debug            expose the store and render scheduler as window.tidegaugeDebug
 */
const params = new URLSearchParams(window.location.search);

export const FLAGS = {
  downsample: params.get('downsample') !== 'off',
  debug: params.has('debug'),
} as const;
