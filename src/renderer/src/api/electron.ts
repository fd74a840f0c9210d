import type { ClientCommand, HostEvent, TidegaugeApi } from '../../../shared/api';
import { decodeSnapshot } from '../../../shared/snapshot';

/** What the preload exposes as window.tidegauge (see src/preload/index.ts). */
export interface PreloadBridge {
  transport: 'electron';
  subscribe(listener: (data: unknown) => void): () => void;
  send(command: ClientCommand): void;
  /** LibraryRequest -> LibraryReply (src/shared/library.ts). */
  library(request: unknown): Promise<unknown>;
  savePng(suggestedName: string, bytes: Uint8Array): Promise<unknown>;
}

export function electronApi(bridge: PreloadBridge): TidegaugeApi {
  return {
    subscribe(listener, onConnection) {
      onConnection?.('open');
      return bridge.subscribe((data) => {
        if (data instanceof ArrayBuffer) listener({ type: 'snapshot', snapshot: decodeSnapshot(data) });
        else if (data && typeof data === 'object' && 'type' in data) {
          const e = data as HostEvent | { type: 'error'; message: string };
          listener(e);
        }
      });
    },
    send: (command) => bridge.send(command),
  };
}
