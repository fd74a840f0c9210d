import { createContext, type Dispatch, useContext } from 'react';
import type { RenderScheduler } from './scheduler';
import type { HostStore } from './store';
import type { TimeAction, TimeState } from './time/TimeState';

export interface DashboardContextValue {
  readonly store: HostStore;
  readonly scheduler: RenderScheduler;
  readonly time: TimeState;
  readonly dispatchTime: Dispatch<TimeAction>;
}

export const DashboardContext = createContext<DashboardContextValue | null>(null);

export function useDashboard(): DashboardContextValue {
  const v = useContext(DashboardContext);
  if (!v) throw new Error('useDashboard outside <DashboardContext.Provider>');
  return v;
}
