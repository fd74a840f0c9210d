import { useEffect, useRef, useState } from 'react';
import type { Alignment } from '../../../shared/compare/align';
import type { FullComparison } from '../../../shared/compare/sessionFigures';
import type { SpanMode } from '../../../shared/compare/span';
import { libraryApi } from '../library/client';

export type Summary = { key: string; value: FullComparison; error: null } | { key: string; value: null; error: string };

/**
 * The summary table: computed by the host where the whole sessions are (in parallel, one
 * worker per session), while the charts draw. Nudges are typed: wait for a pause. `summaryKey`
 * says what the summary shown should be for (a different key: it is being updated).
 */
export function useCompareSummary(
  ids: readonly string[],
  baseline: number,
  alignment: Alignment,
  nudges: readonly number[],
  span: SpanMode,
): { summary: Summary | null; summaryKey: string } {
  const summaryKey = JSON.stringify([ids, baseline, alignment, nudges, span]);
  const [summary, setSummary] = useState<Summary | null>(null);
  const asked = useRef(false);
  useEffect(() => {
    let live = true;
    const [ids0, baseline0, alignment0, nudges0, span0] = JSON.parse(summaryKey) as [
      string[],
      number,
      Alignment,
      number[],
      SpanMode,
    ];
    const timer = setTimeout(
      () => {
        libraryApi()
          .compare(ids0, { baseline: baseline0, alignment: alignment0, nudges: nudges0, span: span0 })
          .then(
            (value) => live && setSummary({ key: summaryKey, value, error: null }),
            (e: Error) => live && setSummary({ key: summaryKey, value: null, error: e.message }),
          );
      },
      asked.current ? 250 : 0,
    );
    asked.current = true;
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [summaryKey]);
  return { summary, summaryKey };
}
