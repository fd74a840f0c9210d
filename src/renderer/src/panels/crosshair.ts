import { createContext, useContext, useMemo, useSyncExternalStore } from 'react';

/** Where the crosshair is: one instant for every chart, and the chart the pointer is over. */
export interface CrosshairState {
  /** ms on the charts' time axis. */
  readonly t: number;
  /** Whether t is a sample's time (false: the pointer is in a gap, no sample within one interval). */
  readonly sampled: boolean;
  /** The hovered chart: it alone shows the tooltip box, the others only the line and dots. */
  readonly owner: string;
}

/**
 * The crosshair shared by the charts of one view (a dashboard, a replay, a comparison). The
 * hovered chart decides the instant and every chart marks that same instant; only the small
 * crosshair layers subscribe, so a pointer move never redraws a chart's lines.
 */
export class Crosshair {
  private state: CrosshairState | null = null;
  private readonly listeners = new Set<() => void>();

  readonly get = (): CrosshairState | null => this.state;

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  set(next: CrosshairState | null): void {
    const s = this.state;
    if (s === next || (s && next && s.t === next.t && s.owner === next.owner && s.sampled === next.sampled)) return;
    this.state = next;
    for (const l of this.listeners) l();
  }

  /** The pointer left `owner`: clear, unless another chart has taken the crosshair since. */
  leave(owner: string): void {
    if (this.state?.owner === owner) this.set(null);
  }
}

export const CrosshairContext = createContext<Crosshair | null>(null);

/** The view's crosshair, or one of the chart's own outside any view. */
export function useCrosshair(): Crosshair {
  const shared = useContext(CrosshairContext);
  const own = useMemo(() => new Crosshair(), []);
  return shared ?? own;
}

export function useCrosshairState(c: Crosshair): CrosshairState | null {
  return useSyncExternalStore(c.subscribe, c.get);
}
