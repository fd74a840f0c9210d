import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli/index';
import { APP_VERSION } from '../../src/main/version';
import { captureConsole } from '../helpers/console';

const { out, err } = captureConsole();

describe('tidegauge CLI', () => {
  it('lists its commands on --help and exits 0', async () => {
    expect(await main(['--help'])).toBe(0);
    expect(out.join('\n')).toMatch(/Usage: tidegauge <command>/);
    expect(out.join('\n')).toMatch(/serve\s+run the headless host/);
  });

  it('exits 2 with a message for no command or an unknown one', async () => {
    expect(await main([])).toBe(2);
    expect(await main(['frobnicate'])).toBe(2);
    expect(err.join('\n')).toContain('unknown command "frobnicate"');
  });

  it.each([
    [['serve', '--port', 'abc'], '--port must be a whole number from 0 to 65535, got "abc"'],
    [['serve', '--port', '70000'], '--port must be a whole number from 0 to 65535'],
    [['serve', '--interval', '5'], '--interval must be a whole number from 10 to 60000, got "5"'],
    [['serve', '--bogus'], "Unknown option '--bogus'"],
    [['serve', '--token', 'short'], '--token must be at least 8 characters'],
  ])('serve %j exits 2 naming the problem', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(err.join('\n')).toContain(message);
    expect(err.join('\n')).toContain('tidegauge serve --help');
  });

  it('prints per-command help', async () => {
    expect(await main(['serve', '--help'])).toBe(0);
    expect(out.join('\n')).toContain('--port N');
  });

  it('reports the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(pkg.version);
    expect(await main(['--version'])).toBe(0);
    expect(out).toEqual([pkg.version]);
  });
});
