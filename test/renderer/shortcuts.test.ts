import { describe, expect, it } from 'vitest';
import { keyOf, ShortcutHub } from '../../src/renderer/src/keys/hub';
import { chartHeight, MAX_CHART_PX, MIN_CHART_PX } from '../../src/renderer/src/panels/panelHeight';

describe('keyOf', () => {
  it.each([
    [{ key: 'D', code: 'KeyD' }, 'd'],
    [{ key: 'd', code: 'KeyD' }, 'd'],
    [{ key: '!', code: 'Digit1' }, '1'],
    [{ key: '3', code: 'Numpad3' }, '3'],
    [{ key: '?', code: 'Slash' }, '?'],
    [{ key: 'Escape', code: 'Escape' }, 'Escape'],
  ])('%o is %s (Shift does not change a shortcut)', (e, want) => {
    expect(keyOf(e)).toBe(want);
  });
});

describe('ShortcutHub', () => {
  it('gives a key to the highest layer that takes it, and lists each key once', () => {
    const hub = new ShortcutHub();
    const ran: string[] = [];
    hub.add({ priority: 0, bindings: [{ key: 'Escape', what: 'Reset the zoom', run: () => void ran.push('zoom') }] });
    const off = hub.add({
      priority: 2,
      bindings: [{ key: 'Escape', what: 'Back to all panels', run: () => void ran.push('view') }],
    });
    hub.add({ priority: 5, bindings: [{ key: 'Escape', what: 'Nothing open', run: () => false }] });
    expect(hub.handle('Escape')).toBe(true);
    off();
    expect(hub.handle('Escape')).toBe(true);
    expect(hub.handle('x')).toBe(false);
    expect(ran).toEqual(['view', 'zoom']);
    expect(hub.list().map((b) => b.what)).toEqual(['Nothing open']);
  });
});

describe('chartHeight', () => {
  const base = { top: 130, columns: 3, gap: 12 };
  it('fills the window with up to two rows of panels', () => {
    const h900 = chartHeight({ ...base, viewport: 900, panels: 5 });
    // two rows and their chrome fill what is below the toolbar
    expect(2 * (h900 + 96) + 12).toBeLessThanOrEqual(900 - 130);
    expect(2 * (h900 + 96) + 12).toBeGreaterThan(900 - 130 - 20);
    expect(chartHeight({ ...base, viewport: 1080, panels: 5 })).toBeGreaterThan(h900);
  });
  it('stays within bounds, and a panel alone takes the whole height', () => {
    expect(chartHeight({ ...base, viewport: 400, panels: 12 })).toBe(MIN_CHART_PX);
    expect(chartHeight({ ...base, viewport: 2000, panels: 2 })).toBe(MAX_CHART_PX);
    expect(chartHeight({ ...base, viewport: 900, panels: 5, alone: true })).toBe(900 - 130 - 16 - 96);
  });
});
