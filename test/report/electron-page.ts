import type { Page } from 'playwright-core';
import type { OffscreenPage, Rect } from '../../src/main/report/electron-capture';

/*
 * The capture steps' window interface on a Chromium page (playwright-core), behaving like
 * Electron's offscreen window where it matters: capture() only sees the viewport, and the window
 * may not grow past maxHeight (as windows capped at the screen), so slicing can be tested.
 */
export function chromiumOffscreenPage(page: Page, opts: { maxHeight?: number } = {}): OffscreenPage {
  return {
    async load(url) {
      await page.goto(url);
    },
    evaluate: (script) => page.evaluate(script),
    async setViewport(width, height) {
      await page.setViewportSize({ width, height: Math.min(height, opts.maxHeight ?? Number.POSITIVE_INFINITY) });
    },
    async capture(rect: Rect) {
      const vp = page.viewportSize();
      if (!vp || rect.x < 0 || rect.y < 0 || rect.x + rect.width > vp.width || rect.y + rect.height > vp.height)
        throw new Error(`capture rect ${JSON.stringify(rect)} is outside the ${vp?.width}x${vp?.height} viewport`);
      return new Uint8Array(await page.screenshot({ type: 'png', clip: rect, scale: 'device' }));
    },
  };
}
