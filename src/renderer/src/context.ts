import { createContext, type Dispatch, useContext } from 'react';
import type { Annotations } from '../../shared/annotations';
import type { SeriesSource } from '../../shared/series-source';
import type { RenderScheduler } from './scheduler';
import type { TimeAction, TimeState } from './time/TimeState';

/** What the panels of a dashboard (live or replay) share: where their data comes from, when to redraw, the time axis. */
export interface DashboardContextValue {
  readonly source: SeriesSource;
  readonly scheduler: RenderScheduler;
  readonly time: TimeState;
  readonly dispatchTime: Dispatch<TimeAction>;
  /** What every time chart of the view draws over its series (the session's events, the user's markers). */
  readonly annotations?: Annotations;
}

export const DashboardContext = createContext<DashboardContextValue | null>(null);

export function useDashboard(): DashboardContextValue {
  const v = useContext(DashboardContext);
  if (!v) throw new Error('useDashboard outside <DashboardContext.Provider>');
  return v;
}
