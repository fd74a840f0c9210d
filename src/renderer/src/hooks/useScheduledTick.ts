import { useEffect, useState } from 'react';
import type { RenderScheduler } from '../scheduler';

/** A number that changes whenever the scheduler lets this component redraw with new data. */
export function useScheduledTick(scheduler: RenderScheduler, enabled = true): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    return scheduler.register(() => setTick((t) => t + 1));
  }, [scheduler, enabled]);
  return tick;
}
