import { type RefObject, useLayoutEffect, useState } from 'react';

export interface GridLayout {
  readonly viewport: number;
  /** The grid's top on the page (as at the top of the scroll), px. */
  readonly top: number;
  readonly columns: number;
  readonly gap: number;
}

const NONE: GridLayout = { viewport: 0, top: 0, columns: 1, gap: 0 };

/** Where a CSS grid sits and how many columns it has now, following the window and the grid's resizes. */
export function useGridLayout(ref: RefObject<HTMLElement | null>, key: unknown): GridLayout {
  const [layout, setLayout] = useState<GridLayout>(NONE);
  useLayoutEffect(() => {
    void key; // a new grid (another section, a panel viewed alone): measure again
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const css = getComputedStyle(el);
      const next: GridLayout = {
        viewport: window.innerHeight,
        top: Math.round(el.getBoundingClientRect().top + window.scrollY),
        columns: Math.max(1, css.gridTemplateColumns.split(' ').filter(Boolean).length),
        gap: Number.parseFloat(css.rowGap) || 0,
      };
      setLayout((prev) =>
        prev.viewport === next.viewport &&
        prev.top === next.top &&
        prev.columns === next.columns &&
        prev.gap === next.gap
          ? prev
          : next,
      );
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    window.addEventListener('resize', measure);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [ref, key]);
  return layout;
}
