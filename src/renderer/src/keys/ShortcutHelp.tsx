import { useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { keyOf, ShortcutContext, type ShortcutHub, useShortcuts } from './shortcuts';

/** Shortcuts must not fire while the user types into a text field (a checkbox is fine). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'range'].includes(target.type);
}

/** Capitals on the caps, as on a keyboard; names for the others. */
function cap(label: string): string {
  if (label === 'Escape') return 'Esc';
  if (label === ' ') return 'Space';
  return label.length === 1 ? label.toUpperCase() : label;
}

/**
 * The one keyboard listener of the app, and the `?` list of what the keys do in the view that
 * is shown now (each view and dialog registers its own keys, see shortcuts.ts).
 */
export function ShortcutRoot() {
  const hub = useContext(ShortcutContext);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Esc still closes a dialog or a view from a text field; other keys are the field's.
      if ((e.key !== 'Escape' && isTyping(e.target)) || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented)
        return;
      if (hub.handle(keyOf(e))) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hub]);
  return (
    <>
      <HelpKeys open={open} setOpen={setOpen} />
      {open && <ShortcutList hub={hub} onClose={() => setOpen(false)} />}
    </>
  );
}

function HelpKeys({ open, setOpen }: { open: boolean; setOpen: (v: boolean) => void }) {
  useShortcuts([{ key: '?', what: 'Show or hide this list', run: () => void setOpen(!open) }], 0);
  useShortcuts([{ key: 'Escape', what: 'Close this list', run: () => void setOpen(false) }], 100, open);
  return null;
}

function ShortcutList({ hub, onClose }: { hub: ShortcutHub; onClose: () => void }) {
  useSyncExternalStore(hub.subscribe, hub.getVersion);
  const keys = hub.list((b) => b.what === 'Close this list');
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Esc closes it (a shortcut layer)
    // biome-ignore lint/a11y/noStaticElementInteractions: a click beside the dialog closes it, as Esc does
    <div className="modal-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal shortcut-help" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
        <h2>Keyboard shortcuts</h2>
        <p className="hint">In this view; with or without Shift.</p>
        <dl data-testid="shortcut-list">
          {keys.map((b) => (
            <div key={b.label ?? b.key} className="shortcut-row">
              <dt>
                <kbd>{cap(b.label ?? b.key)}</kbd>
              </dt>
              <dd>{b.what}</dd>
            </div>
          ))}
        </dl>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}
