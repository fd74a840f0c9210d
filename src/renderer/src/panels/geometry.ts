/*
 * The geometry of every chart (dashboards, replay, compare, reports) in one place: the plot
 * area the paths are drawn in is the one the pointer's time is read from, and the number of
 * points a chart asks for is its plot's width.
 */

export type PlotArea = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };

export const MARGIN = { top: 6, right: 12, bottom: 0, left: 0 } as const;
/** The value axis' labels, left of the plot. */
export const VALUE_AXIS_PX = 62;
/** The time axis' labels, under the plot. */
export const TIME_AXIS_PX = 30;

/** Chart heights, CSS px: a dashboard panel; a compare overlay and one side-by-side row. */
export const CHART_HEIGHT = { panel: 150, compare: 200, side: 150 } as const;

/** A report's chart height: one panel gets room, a comparison's side-by-side charts less. */
export function reportChartHeight(panels: number, sessions: number): number {
  return panels === 1 ? 260 : sessions > 1 ? 190 : 200;
}

export function plotArea(width: number, height: number): PlotArea {
  return {
    x: MARGIN.left + VALUE_AXIS_PX,
    y: MARGIN.top,
    width: Math.max(1, width - MARGIN.left - VALUE_AXIS_PX - MARGIN.right),
    height: Math.max(1, height - MARGIN.top - MARGIN.bottom - TIME_AXIS_PX),
  };
}

/** Points a chart `width` px wide draws: about one per pixel of its plot (at least 50). */
export function plotPoints(width: number): number {
  return Math.max(50, width - MARGIN.left - VALUE_AXIS_PX - MARGIN.right);
}

/** The width time ticks are spread over (labels overhang the plot's ends a little). */
export function tickSpan(width: number): number {
  return width - 60;
}
