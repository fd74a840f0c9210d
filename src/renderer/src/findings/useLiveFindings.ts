import { useEffect, useRef, useState } from 'react';
import type { Finding, FindingsInput } from '../../../shared/findings';
import type { SeriesStore } from '../../../shared/series';
import { storeFindings } from '../../../shared/storeFindings';

/** How often the live findings are re-read: the rules need 10 s or more of evidence anyway. */
const EVERY_MS = 5_000;

/**
 * The live session's findings, recomputed every few seconds while the live view is shown
 * (and at once when it is shown again or the registry changes). null until the first read.
 */
export function useLiveFindings(
  series: () => SeriesStore,
  /** Changes when the stream's registry does (the series store is replaced then). */
  registry: unknown,
  active: boolean,
  /** The source's caps and the host's invariant tally; read at each tick (they change with each status). */
  context: Pick<FindingsInput, 'limits' | 'invariants'>,
): readonly Finding[] | null {
  const [found, setFound] = useState<readonly Finding[] | null>(null);
  const contextRef = useRef(context);
  contextRef.current = context;
  useEffect(() => {
    void registry; // a new registry: read again at once rather than at the next tick
    if (!active) return;
    const read = () => setFound(storeFindings(series(), contextRef.current));
    read();
    const timer = setInterval(read, EVERY_MS);
    return () => clearInterval(timer);
  }, [series, registry, active]);
  return found;
}
