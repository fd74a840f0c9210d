import { afterEach, beforeEach, vi } from 'vitest';

/** Capture console.log / console.error of the code under test (a CLI prints there). */
export function captureConsole(): { out: string[]; err: string[] } {
  const lines = { out: [] as string[], err: [] as string[] };
  beforeEach(() => {
    lines.out.length = 0;
    lines.err.length = 0;
    vi.spyOn(console, 'log').mockImplementation((...a) => void lines.out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a) => void lines.err.push(a.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());
  return lines;
}
