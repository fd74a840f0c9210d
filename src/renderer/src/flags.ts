/**
 * Switches read from the page URL, for benchmarks and debugging:
 *   ?downsample=off   hand every point of a window to the charts (no LTTB, finest level)
 *   ?debug            expose the store and render scheduler as window.tidegaugeDebug
 */
const params = new URLSearchParams(window.location.search);

export const FLAGS = {
  downsample: params.get('downsample') !== 'off',
  debug: params.has('debug'),
} as const;
