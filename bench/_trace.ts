// A Chromium trace's page main thread: the CrRendererMain thread with the most task time (a
// trace also holds the other renderers'), its events and its frame starts. Shared by
// bench/frames.ts (frame times) and bench/_frame-trace.ts (what fills the slow frames).

export interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

export interface MainThread {
  /** Complete ('X') events of the thread, in trace order. */
  readonly events: TraceEvent[];
  /** Its top-level tasks (ThreadControllerImpl::RunTask). */
  readonly tasks: TraceEvent[];
  /** Frame starts (BeginMainThreadFrame), µs, sorted. */
  readonly frameStarts: number[];
}

export function parseTrace(buf: Buffer | string): TraceEvent[] {
  const parsed = JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

export function pageMainThread(events: readonly TraceEvent[]): MainThread | null {
  const key = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const mains = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(key),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events)
    if (e.ph === 'X' && mains.has(key(e))) {
      const list = byThread.get(key(e));
      if (list) list.push(e);
      else byThread.set(key(e), [e]);
    }
  const isTask = (e: TraceEvent) => e.name === 'ThreadControllerImpl::RunTask';
  const busy = (es: TraceEvent[]) => es.filter(isTask).reduce((s, e) => s + (e.dur ?? 0), 0);
  const busiest = [...byThread.entries()]
    .filter(([, es]) => es.some(isTask))
    .sort((a, b) => busy(b[1]) - busy(a[1]))[0];
  if (!busiest) return null;
  const [thread, threadEvents] = busiest;
  const frameStarts = events
    .filter((e) => e.name === 'BeginMainThreadFrame' && key(e) === thread)
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  return { events: threadEvents, tasks: threadEvents.filter(isTask), frameStarts };
}
