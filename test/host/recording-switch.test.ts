import { existsSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerDriverSource } from '../../e2e/fixtures/WorkerDriverSource';
import { createDispatcher } from '../../src/main/dispatch/Dispatcher';
import { wireRecorder } from '../../src/main/live/commands';
import { Recorder } from '../../src/main/live/recorder';
import { StatsHost } from '../../src/main/live/statsHost';
import type { RecordingState } from '../../src/shared/api';
import { cleanTempDirs, tempDir } from '../sessions/helpers';

afterAll(() => cleanTempDirs());

describe('recording switch', () => {
  it('turns recording on and off and every status says which file is written', async () => {
    const dir = tempDir();
    const host = new StatsHost({ intervalMs: 20, source: new WorkerDriverSource() });
    const recorder = new Recorder(host, { dir });
    const states: RecordingState[] = [];
    host.on('status', (s) => states.push(s.recording));
    wireRecorder(host, recorder);
    await host.start();
    expect(host.state().recording).toMatchObject({ available: true, enabled: false, id: null });

    const dispatcher = createDispatcher({ host, recorder });
    expect(await dispatcher.command({ type: 'setRecording', enabled: true })).toEqual({ ok: true });
    await expect.poll(() => host.state().recording.id, { timeout: 5000 }).not.toBeNull();
    const id = host.state().recording.id as string;
    expect(host.state().recording.enabled).toBe(true);

    expect(await dispatcher.command({ type: 'setRecording', enabled: false })).toEqual({ ok: true });
    expect(host.state().recording).toMatchObject({ enabled: false, id: null });
    await host.stop();
    expect(existsSync(`${dir}/${id}.arrow`)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.wal'))).toEqual([]);
    expect(states.some((s) => s.enabled && s.id === id)).toBe(true);
  });
});
