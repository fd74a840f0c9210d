import { useEffect, useRef, useState } from 'react';
import type { RenderScheduler } from '../scheduler';

/**
 * A number that changes whenever the scheduler lets this component redraw with new data, and
 * `due` (read then, not at render) says a redraw would show something: a component that new
 * samples would not change is not rendered for them at all.
 */
export function useScheduledTick(scheduler: RenderScheduler, enabled = true, due?: () => boolean): number {
  const [tick, setTick] = useState(0);
  const dueRef = useRef(due);
  dueRef.current = due;
  useEffect(() => {
    if (!enabled) return;
    return scheduler.register(() => {
      if (!dueRef.current || dueRef.current()) setTick((t) => t + 1);
    });
  }, [scheduler, enabled]);
  return tick;
}
