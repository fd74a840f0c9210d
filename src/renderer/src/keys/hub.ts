/**
 * Keyboard shortcuts of every view through one listener. A view (live, replay, compare), a
 * dashboard (view a panel) or a dialog registers a layer of bindings while it is shown; a key
 * goes to the layer of the highest priority that binds it, so Esc closes the help before it
 * leaves a panel's view, and that before it resets a zoom. `?` lists what the layers bind now.
 */
export interface Binding {
  /** The key as keyOf() names it: a lower-case letter, a digit, '?', 'Escape'. */
  readonly key: string;
  /** How the help shows the key ("1–5" for a group). */
  readonly label?: string;
  readonly what: string;
  /** false: not handled here after all (the next layer may take it). */
  readonly run: () => boolean | undefined;
}

export interface Layer {
  readonly priority: number;
  readonly bindings: readonly Binding[];
}

/**
 * What a key event means, whatever Shift and the keyboard layout do to it: letters in lower
 * case (the README and the key caps show capitals: Shift+D is D), digits by their key (Shift+1
 * is 1, not "!"), other keys by name.
 */
export function keyOf(e: { readonly key: string; readonly code: string }): string {
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(e.code);
  if (digit) return digit[1] as string;
  return e.key.length === 1 ? e.key.toLowerCase() : e.key;
}

export class ShortcutHub {
  private readonly layers = new Set<Layer>();
  private readonly listeners = new Set<() => void>();
  private version = 0;

  add(layer: Layer): () => void {
    this.layers.add(layer);
    this.changed();
    return () => {
      this.layers.delete(layer);
      this.changed();
    };
  }

  /** Runs the binding of the highest layer that takes the key; whether one did. */
  handle(key: string): boolean {
    const layers = [...this.layers].sort((a, b) => b.priority - a.priority);
    for (const l of layers) for (const b of l.bindings) if (b.key === key && b.run() !== false) return true;
    return false;
  }

  /** What the help lists: every key bound now, once (the highest layer's meaning), in layer order. */
  list(skip: (b: Binding) => boolean = () => false): Binding[] {
    const seen = new Map<string, Binding>();
    const layers = [...this.layers].sort((a, b) => b.priority - a.priority);
    for (const l of layers)
      for (const b of l.bindings) if (!skip(b) && !seen.has(b.label ?? b.key)) seen.set(b.label ?? b.key, b);
    return [...seen.values()];
  }

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  readonly getVersion = (): number => this.version;

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}
