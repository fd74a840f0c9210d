import { createContext, useContext, useEffect, useRef } from 'react';
import { type Binding, ShortcutHub } from './hub';

export { type Binding, keyOf, ShortcutHub } from './hub';

/** The app's hub (one window, one keyboard); a test may provide its own. */
export const ShortcutContext = createContext<ShortcutHub>(new ShortcutHub());

/**
 * Bind keys while the component is shown (and `on`). The bindings may close over fresh state:
 * the layer calls the latest ones.
 */
export function useShortcuts(bindings: readonly Binding[], priority = 0, on = true): void {
  const hub = useContext(ShortcutContext);
  const latest = useRef(bindings);
  latest.current = bindings;
  // The layer's shape (keys and texts) changes rarely; its handlers on every render.
  const shape = bindings.map((b) => `${b.key}|${b.label ?? ''}|${b.what}`).join('\n');
  useEffect(() => {
    if (!on) return;
    const keys = shape.split('\n').map((line, i) => {
      const [key = '', label = '', what = ''] = line.split('|');
      return {
        key,
        label: label || undefined,
        what,
        run: () => latest.current[i]?.run(),
      } satisfies Binding;
    });
    return hub.add({ priority, bindings: keys });
  }, [hub, on, priority, shape]);
}

/** The digits 1–5 as bindings, one per window preset. */
export function digitBindings(count: number, what: string, run: (k: number) => void): Binding[] {
  return Array.from({ length: count }, (_, k) => ({
    key: String(k + 1),
    label: `1–${count}`,
    what,
    run: () => {
      run(k);
      return undefined;
    },
  }));
}
