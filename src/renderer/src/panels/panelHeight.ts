/*
 * How tall a dashboard's charts are: the rows of panels fill the window below the grid's top
 * (two rows on a screen when there are more), as Grafana's rows grow, instead of a fixed
 * 150 px that leaves the bottom third of a large screen empty. A panel shown alone ("view")
 * takes all of it. Pure, so the sizes are tested without a browser.
 */

/** A panel's chrome around its chart: padding, title row, legend (two lines), note. */
export const PANEL_CHROME_PX = 96;
export const MIN_CHART_PX = 150;
export const MAX_CHART_PX = 420;
/** Rows of panels one screen shows at most; more scroll. */
export const ROWS_PER_SCREEN = 2;

export function chartHeight(o: {
  /** The window's inner height, px. */
  viewport: number;
  /** The grid's top below the window's top (sticky header and toolbar included), px. */
  top: number;
  panels: number;
  columns: number;
  gap: number;
  /** A panel shown alone. */
  alone?: boolean;
}): number {
  const bottom = 16;
  const avail = o.viewport - o.top - bottom;
  const rows = o.alone ? 1 : Math.min(ROWS_PER_SCREEN, Math.ceil(o.panels / Math.max(1, o.columns)));
  const perPanel = (avail - o.gap * (rows - 1)) / Math.max(1, rows);
  const h = Math.floor(perPanel - PANEL_CHROME_PX);
  return o.alone ? Math.max(MIN_CHART_PX, h) : Math.min(MAX_CHART_PX, Math.max(MIN_CHART_PX, h));
}
