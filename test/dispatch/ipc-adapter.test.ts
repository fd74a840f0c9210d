import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/dispatch/Dispatcher';
import { registerIpc } from '../../src/main/electron/ipc';
import { StatsHost } from '../../src/main/live/statsHost';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import type { TidegaugeBridge } from '../../src/renderer/src/api/bridge';
import { ipcLibrary, LibraryCallError } from '../../src/renderer/src/api/library';
import { IPC } from '../../src/shared/api';
import { decodeColumns } from '../../src/shared/session/wire';
import { cleanTempDirs, expectSameData, LT, makeData, makeMeta, tempDir } from '../sessions/helpers';
import { FakeIpcMain } from './electron-stand-in';

/*
 * The Electron IPC adapter, main side, with an ipcMain stand-in: it only translates (the
 * dispatcher's answer into LibraryReply, session data into columns bytes, refusals with their
 * status), and the renderer's ipcLibrary reads those replies back through a cloned channel,
 * as Electron's structured clone would carry them.
 */

afterAll(cleanTempDirs);

const data = makeData(80, makeMeta(undefined, { id: 'x' }));
let ipc: FakeIpcMain;
const from = { sender: 'our page', senderFrame: 'main' };
const stranger = { sender: 'another page', senderFrame: 'main' };
const connected: string[] = [];
let dispatcher: ReturnType<typeof createDispatcher>;

beforeAll(async () => {
  const lib = new SessionLibrary(tempDir());
  const file = join(tempDir(), 'x.arrow');
  await writeSessionFile(data, file);
  await lib.add(file);
  dispatcher = createDispatcher({ host: new StatsHost(), library: lib });
  ipc = new FakeIpcMain();
  registerIpc(ipc, {
    dispatcher,
    trusted: (e) => ((e as typeof from).sender === 'our page' ? 'window' : null),
    connect: (win) => connected.push(win),
    savePng: async () => ({ ok: true, path: '/saved.png' }),
  });
});

describe('IPC adapter', () => {
  it("answers with the dispatcher's value, and session data as the columns encoding", async () => {
    expect(await ipc.invoke(IPC.library, from, { op: 'get', id: 'x' })).toMatchObject({
      ok: true,
      value: { samples: 80 },
    });
    const reply = (await ipc.invoke(IPC.library, from, { op: 'data', id: 'x' })) as { ok: true; value: Uint8Array };
    expect(reply.value).toBeInstanceOf(Uint8Array);
    expectSameData(decodeColumns(reply.value.slice().buffer), data);
  });

  it('answers a refusal with the status and message the dispatcher gives, and a stranger with 403', async () => {
    const bad = { op: 'data', id: 'x', every: 0 };
    const direct = await dispatcher.library(bad);
    expect(await ipc.invoke(IPC.library, from, bad)).toEqual({
      ok: false,
      status: 400,
      error: direct.ok ? 'unexpected' : direct.error,
    });
    expect(await ipc.invoke(IPC.library, from, { op: 'remove', id: 'nope' })).toEqual({
      ok: false,
      status: 404,
      error: 'no session "nope"',
    });
    expect(await ipc.invoke(IPC.library, stranger, { op: 'list' })).toEqual({
      ok: false,
      status: 403,
      error: 'not allowed',
    });
    expect(await ipc.invoke(IPC.savePng, stranger, {})).toEqual({ ok: false, error: 'invalid save request' });
    expect(await ipc.invoke(IPC.savePng, from, {})).toEqual({ ok: true, path: '/saved.png' });
    ipc.send(IPC.ready, stranger);
    ipc.send(IPC.ready, from);
    expect(connected).toEqual(['window']);
  });

  it("the renderer's ipcLibrary reads every reply back, errors as LibraryCallError with the status", async () => {
    const bridge = {
      transport: 'electron',
      library: async (req: unknown) => structuredClone(await ipc.invoke(IPC.library, from, structuredClone(req))),
    } as unknown as TidegaugeBridge;
    const api = ipcLibrary(bridge);
    expect((await api.list()).sessions.map((s) => s.id)).toEqual(['x']);
    expectSameData(await api.data('x'), data);
    expect((await api.data('x', { from: 5, to: 9 })).length).toBe(5);
    expect((await api.figures('x')).info.samples).toBe(80);
    const imported = await api.importFile('dl.log', new Uint8Array(readFileSync(join(LT, 'libtorrent-download.log'))));
    expect(imported.report?.format).toBe('libtorrent');
    expect(await api.update('x', { title: 'Renamed' })).toMatchObject({ title: 'Renamed' });
    const err = await api.get('missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibraryCallError);
    expect((err as LibraryCallError).status).toBe(404);
    await api.remove(imported.summary.id);
    expect((await api.list()).sessions).toHaveLength(1);
  });
});
